// `payway mock`'s console: one line per request (method, path, status, PayWay's code, the diagnosis of a
// refusal), or the same as JSON lines for CI logs. A refusal whose diagnosis finishes after the answer is
// printed once, when it is final. The log holds no secret, so neither does this.
import type { RequestLog, RequestLogEntry } from '../emulator/requestLog.ts';

export type LogFormat = 'text' | 'json';

export function formatLogLine(entry: RequestLogEntry, format: LogFormat): string {
  if (format === 'json') {
    const { id, at, method, path, endpoint, status, code, outcome, diagnosis, ms, diagnosisMs } = entry;
    return JSON.stringify({ id, at, method, path, endpoint, status, code, outcome, diagnosis, ms, diagnosisMs });
  }
  const head = `${entry.method} ${entry.path} ${entry.status} ${entry.code ?? '-'}`;
  return entry.diagnosis ? `${head}  ${entry.diagnosis}` : head;
}

/** Prints every request the log records from now on; returns the function that stops it. */
export function printRequestLog(log: RequestLog, out: (line: string) => void, format: LogFormat): () => void {
  return log.subscribe((entry, change) => {
    // A pending diagnosis is printed when it is final (the update), a final one at once.
    if (entry.diagnosisState === 'pending') return;
    if (change === 'updated' && entry.diagnosisState !== 'final') return;
    out(formatLogLine(entry, format));
  });
}
