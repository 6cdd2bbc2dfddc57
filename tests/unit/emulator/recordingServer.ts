// A real HTTP server on 127.0.0.1 that records every request it gets (the merchant's callback URL, a
// stand-in for PayWay) and answers with `answer`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface RecordingServer {
  origin: string;
  seen: Recorded[];
  close(): void;
}

export async function startRecordingServer(answer: (seen: Recorded, res: ServerResponse) => void): Promise<RecordingServer> {
  const seen: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const recorded = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}
