// `payway mock --state payway.db`: the emulator's state in SQLite (through libsql, which ships its
// binary as a registry package; see the README's dependencies). One row per record; each batch of
// changes (one request) is one transaction, written to the write-ahead log and flushed to disk before
// the request is answered, so a crash at any moment loses nothing that was acknowledged. The database is
// opened in exclusive locking mode: a second emulator on the same file is refused rather than let two
// processes keep diverging copies of the same records. Only this module imports libsql, so neither the
// browser build nor src/core ever sees it.
//
// The records' secondary indexes (src/emulator/recordIndexes.ts) are rows of `record_index`, rewritten
// with their record in the same transaction; a query reads them in order and stops when the caller does.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'libsql';
import { indexEntries, INDEXED_COLLECTIONS, type IndexName } from '../emulator/recordIndexes.ts';
import type { CommitOptions, IndexedRecord, KeyedCollection, RecordChange, RecordCollection, StateStore, StoredRecords } from '../emulator/stateStore.ts';

/** Schema versions, oldest first; a database at user_version N runs the steps after N (SQL, or a function for what SQL cannot compute). */
const MIGRATIONS: readonly (string | ((db: Database.Database) => void))[] = [
  `CREATE TABLE record (
     id INTEGER PRIMARY KEY,
     collection TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     UNIQUE (collection, key)
   );
   CREATE INDEX record_order ON record (collection, id);`,
  // 2: the secondary indexes, filled from the records a version-1 database already holds.
  (db) => {
    db.exec(`CREATE TABLE record_index (
       collection TEXT NOT NULL,
       name TEXT NOT NULL,
       value TEXT NOT NULL,
       key TEXT NOT NULL,
       PRIMARY KEY (collection, name, value, key)
     ) WITHOUT ROWID;
     CREATE INDEX record_index_key ON record_index (collection, key);`);
    const insert = db.prepare('INSERT OR IGNORE INTO record_index (collection, name, value, key) VALUES (?, ?, ?, ?)');
    const rows = db.prepare('SELECT key, value FROM record WHERE collection = ?').raw();
    for (const collection of INDEXED_COLLECTIONS) {
      for (const [key, text] of rows.all(collection) as [string, string][]) {
        for (const [name, value] of entriesOf(collection, text)) insert.run(collection, name, value, key);
      }
    }
  },
];

/** A record's index entries from its JSON text (none when it is not JSON: it is never read back). */
function entriesOf(collection: string, text: string) {
  try {
    return indexEntries(collection, JSON.parse(text));
  } catch {
    return [];
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** Whether `path` is an SQLite database (or nothing yet), as opposed to, say, an old JSON state file. */
export function isSqliteFile(path: string): boolean {
  if (!existsSync(path)) return true;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    return read === 0 || header.toString('latin1', 0, read) === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

type Row = [string, string];

const FIRST_BATCH = 64;
const LAST_BATCH = 4096;

interface Connection {
  db: Database.Database;
  records: StoredRecords;
  inUse: boolean;
}

/**
 * Open databases by path. libsql 0.5.29's close() does not release a connection that prepared
 * statements until the garbage collector finalises them (tursodatabase/libsql-js#228), so its exclusive
 * lock would outlive close() and refuse the next open in the same process (a restart in a test, an
 * export after a run). A closed store therefore keeps its connection here, and the next open of the
 * same file takes it over; the process's exit releases it.
 */
const connections = new Map<string, Connection>();

export function sqliteStateStore(file: string): StateStore {
  const path = resolve(file);
  let connection: Connection | undefined;
  return {
    readsOnDemand: true,
    async open(): Promise<StoredRecords> {
      const kept = connections.get(path);
      if (kept?.inUse) throw new Error(`${path} is in use by another emulator in this process`);
      if (kept) {
        kept.inUse = true;
        connection = kept;
        return kept.records;
      }
      if (!isSqliteFile(path)) throw new Error(`${path} is not an SQLite database`);
      const db = new Database(path);
      try {
        db.pragma('locking_mode = EXCLUSIVE');
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        migrate(db);
      } catch (error) {
        db.close();
        const code = (error as { code?: string }).code;
        if (code === 'SQLITE_BUSY') throw new Error(`${path} is in use by another running emulator (SQLite: database is locked)`);
        throw error;
      }
      connection = { db, records: records(db), inUse: true };
      connections.set(path, connection);
      return connection.records;
    },
    close() {
      if (!connection) return;
      // Everything in the write-ahead log goes into the database file, so the file alone is the state.
      connection.db.pragma('wal_checkpoint(TRUNCATE)');
      connection.inUse = false;
      connection = undefined;
    },
  };
}

function migrate(db: Database.Database): void {
  const version = Number((db.prepare('PRAGMA user_version').raw().get() as [number])[0]);
  if (version > MIGRATIONS.length) throw new Error(`the state database was written by a newer payway (schema ${version}); use that version or another --state file`);
  // BEGIN EXCLUSIVE also takes the lock now, so a second emulator on the file fails at start.
  db.transaction(() => {
    MIGRATIONS.slice(version).forEach((step) => (typeof step === 'string' ? db.exec(step) : step(db)));
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  }).exclusive();
}

function records(db: Database.Database): StoredRecords {
  const get = db.prepare('SELECT value FROM record WHERE collection = ? AND key = ?').raw();
  const scan = db.prepare('SELECT key, value FROM record WHERE collection = ? ORDER BY id').raw();
  const keys = db.prepare('SELECT key FROM record WHERE collection = ? ORDER BY id').raw();
  const put = db.prepare('INSERT INTO record (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare('DELETE FROM record WHERE collection = ? AND key = ?');
  const unindex = db.prepare('DELETE FROM record_index WHERE collection = ? AND key = ?');
  const index = db.prepare('INSERT OR IGNORE INTO record_index (collection, name, value, key) VALUES (?, ?, ?, ?)');
  // Index rows are read in batches after the last row read (no cursor is left open when the caller stops),
  // growing, so a page of a list is one query and a long read few.
  const columns = 'SELECT i.value, i.key, r.value FROM record_index i JOIN record r ON r.collection = i.collection AND r.key = i.key WHERE i.collection = ? AND i.name = ?';
  const firstRows = db.prepare(`${columns} AND i.value BETWEEN ? AND ? ORDER BY i.value, i.key LIMIT ?`).raw();
  const nextRows = db.prepare(`${columns} AND (i.value, i.key) > (?, ?) AND i.value <= ? ORDER BY i.value, i.key LIMIT ?`).raw();
  function* find(collection: KeyedCollection, name: IndexName, from: string, to: string): Generator<IndexedRecord> {
    let batch = FIRST_BATCH;
    let rows = firstRows.all(collection, name, from, to, batch) as IndexedRecord[];
    for (;;) {
      yield* rows;
      if (rows.length < batch) return;
      const [value, key] = rows[rows.length - 1]!;
      batch = Math.min(batch * 4, LAST_BATCH);
      rows = nextRows.all(collection, name, value, key, to, batch) as IndexedRecord[];
    }
  }
  const indexed = new Set<string>(INDEXED_COLLECTIONS);
  const write = db.transaction((changes: readonly RecordChange[], replaceAll: boolean) => {
    if (replaceAll) db.exec('DELETE FROM record; DELETE FROM record_index');
    for (const { collection, key, value } of changes) {
      if (value === null) remove.run(collection, key);
      else put.run(collection, key, value);
      if (!indexed.has(collection)) continue;
      unindex.run(collection, key);
      if (value !== null) for (const [name, entry] of entriesOf(collection, value)) index.run(collection, name, entry, key);
    }
  });
  return {
    get: (collection: RecordCollection, key: string) => (get.get(collection, key) as [string] | undefined)?.[0],
    scan: (collection: RecordCollection) => scan.iterate(collection) as IterableIterator<Row>,
    keys: (collection: RecordCollection) => (keys.all(collection) as [string][]).map((row) => row[0]),
    find,
    commit: (changes: readonly RecordChange[], options: CommitOptions = {}) => write(changes, options.replaceAll ?? false),
  };
}
