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

/** What a plain entry (no diagnosis, no request kept: every accepted request) is made of. */
export interface PlainEntry {
  /** When it arrived, in ms since the epoch. */
  atMs: number;
  method: string;
  path: string;
  endpoint: EndpointId | undefined;
  status: number;
  code: string | undefined;
  outcome: RequestOutcome;
  ms: number;
}

/**
 * The entries live in a ring of maxEntries slots (entry `id` in slot id % maxEntries). A plain entry, the
 * log's one per accepted request, is kept in typed arrays and shared strings and becomes an object only
 * when read: logging it allocates nothing that outlives the request, so the hot path leaves the garbage
 * collector nothing to promote. Entries with a diagnosis or a kept request are kept as objects.
 */
export class RequestLog {
  readonly limits: RequestLogLimits;
  readonly #capacity: number;
  /** Entries with more than a plain entry holds, by slot; undefined for a plain one. */
  readonly #full: (RequestLogEntry | undefined)[];
  readonly #atMs: Float64Array;
  readonly #ms: Float64Array;
  readonly #status: Uint16Array;
  readonly #refused: Uint8Array;
  readonly #sizes: Float64Array;
  readonly #method: string[];
  readonly #path: string[];
  readonly #endpoint: (EndpointId | undefined)[];
  readonly #code: (string | undefined)[];
  /** The oldest id kept, and the next id. */
  #first = 1;
  #nextId = 1;
  #bytes = 0;
  #dropped = 0;
  readonly #listeners = new Set<LogListener>();

  constructor(limits: Partial<RequestLogLimits> = {}) {
    this.limits = { ...DEFAULT_LOG_LIMITS, ...limits };
    const capacity = (this.#capacity = Math.max(1, this.limits.maxEntries));
    this.#full = new Array<RequestLogEntry | undefined>(capacity).fill(undefined);
    this.#atMs = new Float64Array(capacity);
    this.#ms = new Float64Array(capacity);
    this.#status = new Uint16Array(capacity);
    this.#refused = new Uint8Array(capacity);
    this.#sizes = new Float64Array(capacity);
    this.#method = new Array<string>(capacity).fill('');
    this.#path = new Array<string>(capacity).fill('');
    this.#endpoint = new Array<EndpointId | undefined>(capacity).fill(undefined);
    this.#code = new Array<string | undefined>(capacity).fill(undefined);
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
    const id = (full.id = this.#take());
    const slot = id % this.#capacity;
    this.#full[slot] = full;
    this.#account(slot, sizeOf(full));
    this.#trim();
    for (const listener of this.#listeners) listener(full, 'added');
    return full;
  }

  /** Records a plain entry (see the class): what every accepted request costs. Returns its id. */
  addPlain(entry: PlainEntry): number {
    if (this.#listeners.size) {
      const { atMs, endpoint, code, ...rest } = entry;
      return this.add({ at: new Date(atMs).toISOString(), ...rest, ...(endpoint !== undefined ? { endpoint } : {}), ...(code !== undefined ? { code } : {}) }).id;
    }
    const id = this.#take();
    const slot = id % this.#capacity;
    this.#full[slot] = undefined;
    this.#atMs[slot] = entry.atMs;
    this.#ms[slot] = entry.ms;
    this.#status[slot] = entry.status;
    this.#refused[slot] = entry.outcome === 'refused' ? 1 : 0;
    this.#method[slot] = entry.method;
    this.#path[slot] = entry.path;
    this.#endpoint[slot] = entry.endpoint;
    this.#code[slot] = entry.code;
    this.#account(slot, 220 + entry.path.length);
    this.#trim();
    return id;
  }

  /** Changes an entry still in the log (the diagnosis that finished after the answer). */
  update(id: number, change: Partial<Omit<RequestLogEntry, 'id'>>): RequestLogEntry | undefined {
    const entry = this.get(id);
    if (!entry) return undefined;
    const slot = id % this.#capacity;
    Object.assign(entry, change);
    this.#full[slot] = entry;
    this.#bytes -= this.#sizes[slot]!;
    this.#account(slot, sizeOf(entry));
    this.#trim();
    for (const listener of this.#listeners) listener(entry, 'updated');
    return entry;
  }

  list(filter: RequestFilter = {}): { entries: RequestLogEntry[]; total: number; dropped: number; limits: RequestLogLimits } {
    const path = filter.path?.toLowerCase();
    const limit = Math.max(1, Math.min(filter.limit ?? 100, this.limits.maxEntries));
    const entries: RequestLogEntry[] = [];
    for (let id = this.#nextId - 1; id >= this.#first && entries.length < limit; id--) {
      if (filter.since !== undefined && id <= filter.since) break;
      if (filter.id !== undefined && id !== filter.id) continue;
      const slot = id % this.#capacity;
      const full = this.#full[slot];
      if (path && !(full?.path ?? this.#path[slot]!).toLowerCase().includes(path)) continue;
      if (filter.outcome && (full ? full.outcome : this.#refused[slot] ? 'refused' : 'accepted') !== filter.outcome) continue;
      if (filter.endpoint && (full ? full.endpoint : this.#endpoint[slot]) !== filter.endpoint) continue;
      entries.push(full ?? this.#plain(id, slot));
    }
    return { entries, total: this.#nextId - this.#first, dropped: this.#dropped, limits: this.limits };
  }

  get(id: number): RequestLogEntry | undefined {
    if (!Number.isInteger(id) || id < this.#first || id >= this.#nextId) return undefined;
    const slot = id % this.#capacity;
    return this.#full[slot] ?? this.#plain(id, slot);
  }

  clear(): void {
    this.#full.fill(undefined);
    this.#first = this.#nextId;
    this.#bytes = 0;
  }

  subscribe(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** A plain entry as an object. */
  #plain(id: number, slot: number): RequestLogEntry {
    const entry: RequestLogEntry = {
      id,
      at: new Date(this.#atMs[slot]!).toISOString(),
      method: this.#method[slot]!,
      path: this.#path[slot]!,
      status: this.#status[slot]!,
      outcome: this.#refused[slot] ? 'refused' : 'accepted',
      ms: this.#ms[slot]!,
    };
    const endpoint = this.#endpoint[slot];
    const code = this.#code[slot];
    if (endpoint !== undefined) entry.endpoint = endpoint;
    if (code !== undefined) entry.code = code;
    return entry;
  }

  /** The next id, its slot freed first when the ring is full. */
  #take(): number {
    if (this.#nextId - this.#first >= this.#capacity) this.#drop();
    return this.#nextId++;
  }

  #account(slot: number, size: number): void {
    this.#sizes[slot] = size;
    this.#bytes += size;
  }

  #drop(): void {
    const slot = this.#first % this.#capacity;
    this.#bytes -= this.#sizes[slot]!;
    this.#full[slot] = undefined;
    this.#first++;
    this.#dropped++;
  }

  #trim(): void {
    while (this.#bytes > this.limits.maxBytes && this.#nextId - this.#first > 1) this.#drop();
  }
}
