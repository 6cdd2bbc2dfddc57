// The emulator as `payway-playground/emulator` hands it to other projects' tests: the same fetch
// handler `payway mock` serves (node:crypto's HMAC), plus listen() on a real port and close().
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.ts';
import { serveEmulator } from './emulatorRoutes.ts';
import { nodeHmac } from './nodeHmac.ts';
import { openStateFile, storeOptions } from './stateFile.ts';
import type { StaticServer } from './staticServer.ts';

export interface NodeEmulatorOptions extends Omit<EmulatorOptions, 'runtime'> {
  /** Keep the state in this SQLite database (as `payway mock --state` does; a JSON state file is imported
   * once into a database beside it); memory only when absent. */
  stateFile?: string;
}

export interface ListenOptions {
  /** 0 (the default) picks a free port; the URL says which. */
  port?: number;
  host?: string;
  /** Host names to answer besides 127.0.0.1, localhost and [::1] (say, a container's service name). */
  allowHosts?: readonly string[];
}

export interface NodeEmulator extends Emulator {
  /** Serves the emulator at the root of http://host:port; resolves with its URL once it listens. */
  listen(options?: ListenOptions): Promise<{ url: string }>;
  /**
   * Acts on the checkout page of a pending transaction as the payer would (approve by default, paying
   * by card): the transaction is APPROVED and its pushback sent. Resolves with the page's text.
   */
  pay(tranId: string, options?: { action?: 'approve' | 'decline' | 'cancel'; option?: string; merchantId?: string }): Promise<string>;
  /** Stops every server listen() started and waits for pushbacks in flight and the last save. */
  close(): Promise<void>;
}

export function createNodeEmulator({ stateFile, ...options }: NodeEmulatorOptions = {}): NodeEmulator {
  const state = stateFile && !options.store ? openStateFile(stateFile) : undefined;
  const emulator = createEmulator({
    hmac: nodeHmac,
    ...options,
    runtime: 'node',
    ...storeOptions(state),
  });
  const servers = new Set<StaticServer>();
  return {
    ...emulator,
    async listen({ port = 0, host = '127.0.0.1', allowHosts } = {}) {
      await emulator.state(); // a broken or locked state file fails here, before the port opens
      const server = await serveEmulator(emulator, { host, port, ...(allowHosts ? { allowHosts } : {}) });
      servers.add(server);
      return { url: server.url };
    },
    async pay(tranId, { action = 'approve', option = 'cards', merchantId } = {}) {
      const base = `http://127.0.0.1${(options.basePath ?? '').replace(/\/+$/, '')}`;
      const listed = (await (await emulator.fetch(new Request(`${base}/_emulator/sessions?ref=${encodeURIComponent(tranId)}`))).json()) as { sessions: { id: string; ref: string; merchantId: string }[] };
      const session = listed.sessions.find((s) => s.ref === tranId && (merchantId === undefined || s.merchantId === merchantId));
      if (!session) throw new Error(`no checkout page for tran_id ${tranId}: create the purchase first`);
      const form = new URLSearchParams({ action, option });
      const answer = await emulator.fetch(
        new Request(`${base}/_emulator/pay/${session.id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }),
      );
      const page = await answer.text();
      if (!answer.ok) throw new Error(`the checkout page answered ${answer.status}: ${page.slice(0, 200)}`);
      await emulator.idle(); // the pushback has been delivered (or its failure recorded)
      return page;
    },
    async close() {
      const closing = [...servers].map((server) => server.close());
      servers.clear();
      await Promise.all(closing);
      await emulator.close(); // waits for pushbacks in flight and the last save, then closes the store
    },
  };
}
