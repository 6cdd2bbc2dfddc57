// The state's secondary indexes: the values stored records are found by besides their key. Every store
// keeps them from the functions below (SQLite in a table, memory and IndexedDB in sorted arrays), so all
// stores find and order records alike, and a handler reads only the records it answers with: a list
// costs the same with 10 or 100,000 stored transactions.
//
// An index value is a text; a store returns the records whose value lies between two texts, ordered by
// (value, key). Values start with their parts as JSON (an array), so no part can run into the next,
// and end, where records are listed by date, with the date counted down (newest first) in 17 digits.
import type { KeyedCollection } from './stateStore.ts';

export type IndexName = 'listed' | 'listedByStatus' | 'paidByRef' | 'byQr' | 'sessionsByRef';

/** One index entry of a record: the index and the record's value in it. */
export type IndexEntry = readonly [index: IndexName, value: string];

/** Instants run from -8.64e15 to 8.64e15 ms: counted down from the top, they fit 17 digits. */
const LATEST = 8.64e15;
const DATE_DIGITS = 17;

/** An instant as 17 digits that sort newest first. */
export const newestFirst = (ms: number): string => String(LATEST - ms).padStart(DATE_DIGITS, '0');

const FIRST_DIGITS = '0'.repeat(DATE_DIGITS);
const LAST_DIGITS = '9'.repeat(DATE_DIGITS);

type Loose = Record<string, unknown>;
const text = (value: unknown): value is string => typeof value === 'string';

/** When a transaction counts in lists: paid, else created (ms); undefined when neither is a date. */
function listedAt(tx: Loose): number | undefined {
  const iso = tx.paidAt ?? tx.createdAt;
  const ms = text(iso) ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Unpaid QR-API transactions never appear in transaction-list [OBS]. */
export const isListed = (tx: { status?: unknown; createdBy?: unknown }): boolean => !(tx.status === 'PENDING' && (tx.createdBy === 'generate-qr' || tx.createdBy === 'request-qr'));

/** What get-transactions-by-mc-ref lists: paid transactions. */
export const isPaid = (tx: { status?: unknown }): boolean => tx.status === 'APPROVED' || tx.status === 'REFUNDED';

function transactionEntries(tx: Loose): IndexEntry[] {
  const entries: IndexEntry[] = [];
  if (!text(tx.merchantId)) return entries;
  const at = listedAt(tx);
  if (at !== undefined && text(tx.status) && isListed(tx)) {
    entries.push(['listed', JSON.stringify([tx.merchantId]) + newestFirst(at)]);
    entries.push(['listedByStatus', JSON.stringify([tx.merchantId, tx.status]) + newestFirst(at)]);
  }
  if (at !== undefined && text(tx.merchantRef) && isPaid(tx)) entries.push(['paidByRef', JSON.stringify([tx.merchantId, tx.merchantRef]) + newestFirst(at)]);
  if (text(tx.qrString) && tx.qrString) entries.push(['byQr', JSON.stringify([tx.qrString])]);
  return entries;
}

/** A payer page by what it is about (tran_id, link id, ...), newest first: how a test finds the page to pay. */
function sessionEntries(session: Loose): IndexEntry[] {
  const created = text(session.createdAt) ? Date.parse(session.createdAt) : NaN;
  return text(session.ref) && !Number.isNaN(created) ? [['sessionsByRef', JSON.stringify([session.ref]) + newestFirst(created)]] : [];
}

const INDEXES: Partial<Record<KeyedCollection, (record: Loose) => IndexEntry[]>> = { transactions: transactionEntries, sessions: sessionEntries };

/** The collections that have indexes. */
export const INDEXED_COLLECTIONS = Object.keys(INDEXES) as KeyedCollection[];

/** A record's entries in its collection's indexes (none for a collection without indexes or a record that is not an object). */
export function indexEntries(collection: string, record: unknown): IndexEntry[] {
  const of = INDEXES[collection as KeyedCollection];
  return of && typeof record === 'object' && record !== null && !Array.isArray(record) ? of(record as Loose) : [];
}

/** The range of index values [from, to] a query reads. */
export interface IndexRange {
  index: IndexName;
  from: string;
  to: string;
}

/** A window of instants (ms, both included) under a prefix, newest first. */
const dateWindow = (index: IndexName, parts: readonly string[], fromMs: number, toMs: number): IndexRange => {
  const prefix = JSON.stringify(parts);
  return { index, from: prefix + newestFirst(Math.min(toMs, LATEST)), to: prefix + newestFirst(Math.max(fromMs, -LATEST)) };
};

/** Every listed transaction of a merchant dated within [fromMs, toMs], newest first. */
export const listedRange = (merchantId: string, fromMs: number, toMs: number): IndexRange => dateWindow('listed', [merchantId], fromMs, toMs);

/** The same, with one status. */
export const listedByStatusRange = (merchantId: string, status: string, fromMs: number, toMs: number): IndexRange => dateWindow('listedByStatus', [merchantId, status], fromMs, toMs);

/** A merchant's paid transactions with this merchant reference, newest first. */
export function paidByRefRange(merchantId: string, merchantRef: string): IndexRange {
  const prefix = JSON.stringify([merchantId, merchantRef]);
  return { index: 'paidByRef', from: prefix + FIRST_DIGITS, to: prefix + LAST_DIGITS };
}

/** The payer pages about `ref`, newest first. */
export function sessionsByRefRange(ref: string): IndexRange {
  const prefix = JSON.stringify([ref]);
  return { index: 'sessionsByRef', from: prefix + FIRST_DIGITS, to: prefix + LAST_DIGITS };
}

/** Transactions whose KHQR string is exactly this one. */
export function byQrRange(qrString: string): IndexRange {
  const value = JSON.stringify([qrString]);
  return { index: 'byQr', from: value, to: value };
}

/**
 * The records of several index reads (each in order) in one order, as `compare` puts them: a list with
 * several statuses reads one index range per status.
 */
export function* inOrder<T>(reads: readonly Iterable<T>[], compare: (a: T, b: T) => number): Generator<T> {
  if (reads.length === 1) return yield* reads[0]!;
  const heads: { next: T; rest: Iterator<T> }[] = [];
  for (const read of reads) {
    const rest = read[Symbol.iterator]();
    const first = rest.next();
    if (!first.done) heads.push({ next: first.value, rest });
  }
  while (heads.length) {
    let least = 0;
    for (let i = 1; i < heads.length; i++) if (compare(heads[i]!.next, heads[least]!.next) < 0) least = i;
    const head = heads[least]!;
    yield head.next;
    const after = head.rest.next();
    if (after.done) heads.splice(least, 1);
    else head.next = after.value;
  }
}
