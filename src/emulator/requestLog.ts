// The request log: every PayWay request the emulator answered, newest first, with the diagnosis of a
// refused one. Kept in memory only (never in the state store), bounded in entries and bytes; secrets are
// redacted before anything enters it. Served at GET /_emulator/requests, printed by `payway mock`.
import type { EndpointId } from '../core/catalog/types.ts';

export type RequestOutcome = 'accepted' | 'refused';

export interface LoggedRequest {
  contentType: string;
  /** The fields as received, in order (`hash` included), for "open in the doctor". */
  fields: [string, string][];
  /** Some values were cut to keep the log small; the request cannot be replayed exactly. */
  truncated?: boolean;
}

export interface RequestLogEntry {
  /** Increases by one per request; `?since=` returns the entries after it. */
  id: number;
  /** When it arrived, by the emulator's clock. */
  at: string;
  method: string;
  /** The PayWay path, without the emulator's mount. */
  path: string;
  endpoint?: EndpointId;
  status: number;
  /** PayWay's code in the answer (status.code, or the legacy `status` number). */
  code?: string;
  outcome: RequestOutcome;
  /** One line: why it was refused. The x-payway-emulator-diagnosis header carries the same line. */
  diagnosis?: string;
  /** 'pending' while the doctor still searches after the answer went out; the line is then updated. */
  diagnosisState?: 'final' | 'pending';
  /** Milliseconds from arrival to answer, and the diagnosis took (the doctor's search included). */
  ms: number;
  diagnosisMs?: number;
  request?: LoggedRequest;
}

export interface RequestFilter {
  /** Part of the path, case-insensitive. */
  path?: string;
  outcome?: RequestOutcome;
  endpoint?: string;
  /** Only entries with a larger id. */
  since?: number;
  id?: number;
  limit?: number;
}

export type LogListener = (entry: RequestLogEntry, change: 'added' | 'updated') => void;

export interface RequestLogLimits {
  maxEntries: number;
  maxBytes: number;
  /** Longest value kept per field; longer ones are cut (and the entry marked truncated). */
  maxValueBytes: number;
}

export const DEFAULT_LOG_LIMITS: RequestLogLimits = { maxEntries: 500, maxBytes: 2 * 1024 * 1024, maxValueBytes: 16 * 1024 };

/** About the JSON size of an entry, without serialising it on every request. */
function sizeOf(entry: RequestLogEntry): number {
  let size = 220 + entry.path.length + (entry.diagnosis?.length ?? 0);
  for (const [name, value] of entry.request?.fields ?? []) size += name.length + value.length + 8;
  return size;
}

export class RequestLog {
  readonly limits: RequestLogLimits;
  /** Oldest first; the API reverses. */
  #entries: RequestLogEntry[] = [];
  #sizes = new Map<number, number>();
  #bytes = 0;
  #nextId = 1;
  #dropped = 0;
  readonly #listeners = new Set<LogListener>();

  constructor(limits: Partial<RequestLogLimits> = {}) {
    this.limits = { ...DEFAULT_LOG_LIMITS, ...limits };
  }

  /** The fields of a request, cut to the log's bounds. */
  keepRequest(contentType: string, fields: Iterable<[string, string]>): LoggedRequest {
    const kept: [string, string][] = [];
    let truncated = false;
    let total = 0;
    for (const [name, value] of fields) {
      let v = value;
      if (v.length > this.limits.maxValueBytes) (v = v.slice(0, this.limits.maxValueBytes)), (truncated = true);
      total += name.length + v.length;
      if (total > this.limits.maxValueBytes * 4) {
        truncated = true;
        break;
      }
      kept.push([name.slice(0, 200), v]);
    }
    return { contentType: contentType.slice(0, 200), fields: kept, ...(truncated ? { truncated: true } : {}) };
  }

  /** Records `entry` (the object itself, given its id). */
  add(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
    const full = entry as RequestLogEntry;
    full.id = this.#nextId++;
    this.#entries.push(full);
    this.#account(full);
    this.#trim();
    for (const listener of this.#listeners) listener(full, 'added');
    return full;
  }

  /** Changes an entry still in the log (the diagnosis that finished after the answer). */
  update(id: number, change: Partial<Omit<RequestLogEntry, 'id'>>): RequestLogEntry | undefined {
    const entry = this.#entries.find((e) => e.id === id);
    if (!entry) return undefined;
    Object.assign(entry, change);
    this.#bytes -= this.#sizes.get(id) ?? 0;
    this.#account(entry);
    this.#trim();
    for (const listener of this.#listeners) listener(entry, 'updated');
    return entry;
  }

  list(filter: RequestFilter = {}): { entries: RequestLogEntry[]; total: number; dropped: number; limits: RequestLogLimits } {
    const path = filter.path?.toLowerCase();
    const limit = Math.max(1, Math.min(filter.limit ?? 100, this.limits.maxEntries));
    const entries: RequestLogEntry[] = [];
    for (let i = this.#entries.length - 1; i >= 0 && entries.length < limit; i--) {
      const e = this.#entries[i]!;
      if (filter.since !== undefined && e.id <= filter.since) break;
      if (filter.id !== undefined && e.id !== filter.id) continue;
      if (path && !e.path.toLowerCase().includes(path)) continue;
      if (filter.outcome && e.outcome !== filter.outcome) continue;
      if (filter.endpoint && e.endpoint !== filter.endpoint) continue;
      entries.push(e);
    }
    return { entries, total: this.#entries.length, dropped: this.#dropped, limits: this.limits };
  }

  get(id: number): RequestLogEntry | undefined {
    return this.#entries.find((e) => e.id === id);
  }

  clear(): void {
    this.#entries = [];
    this.#sizes.clear();
    this.#bytes = 0;
  }

  subscribe(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get bytes(): number {
    return this.#bytes;
  }

  #account(entry: RequestLogEntry): void {
    const size = sizeOf(entry);
    this.#sizes.set(entry.id, size);
    this.#bytes += size;
  }

  #trim(): void {
    if (this.#entries.length <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) return;
    while (this.#entries.length > this.limits.maxEntries || (this.#bytes > this.limits.maxBytes && this.#entries.length > 1)) {
      const old = this.#entries.shift()!;
      this.#bytes -= this.#sizes.get(old.id) ?? 0;
      this.#sizes.delete(old.id);
      this.#dropped++;
    }
  }
}
