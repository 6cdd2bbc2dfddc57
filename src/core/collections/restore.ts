// THE one function that turns a collection from outside — a folder read by the command line, a folder
// opened in the browser, a zip, a Postman import, the starter — into a current, valid Collection. It
// never throws on bad input and never drops a file silently: a file it cannot use is in `refused` with
// the reason, its text untouched on disk. A file that holds anything shaped like a key is refused: the
// one secret-stripping serializer decides (serializeForExport, path 'collection').
import type { Credentials } from '../signing/buildRequest.ts';
import { parseJsonInput } from '../signing/jsonInput.ts';
import { serializeForExport } from '../presets/serializeForExport.ts';
import { collectionSteps, migrateCollection, NewerCollectionError, type CollectionSchemaStep, type RawCollection } from './migrations.ts';
import {
  COLLECTION_FILE,
  COLLECTION_FORMAT,
  COLLECTION_VERSION,
  ENVIRONMENTS_FOLDER,
  validateCollectionFile,
  validateEnvironment,
  validateStep,
  type Collection,
  type CollectionEnvironment,
  type CollectionProblem,
  type Flow,
  type Step,
} from './schema.ts';
import { isObject } from './v1.ts';

/** A text file of the collection, its path relative to the collection's folder. */
export interface CollectionFile {
  path: string;
  text: string;
}

export interface RefusedFile {
  file: string;
  reason: 'invalid' | 'holds-a-key' | 'not-json';
  problems: string[];
}

export interface CollectionRestoreResult {
  value: Collection;
  problems: CollectionProblem[];
  refused: RefusedFile[];
  /** The whole input is unusable: not a collection, or from a newer version. */
  error?: { kind: 'newer-version' | 'not-recognised'; message: string };
}

export interface CollectionRestoreOptions {
  /** Name for a collection without a collection file (the folder's name). */
  name?: string;
  /** Keys in use: a file that holds a copy of one (as typed, Base64, hex) is refused. */
  knownSecrets?: readonly (Credentials | undefined)[];
  /** Only so tests can prove the migration mechanism with a made-up next version. */
  migrations?: readonly CollectionSchemaStep[];
}

/** Files that are never part of what restore reads: secrets, hidden folders, installed packages. */
export function isCollectionJson(path: string): boolean {
  const parts = path.split('/');
  if (parts.some((p) => p.startsWith('.') || p === 'node_modules')) return false;
  return /\.json$/i.test(path);
}

/** "a\\b/./c.json" → "a/b/c.json". */
export const normalisePath = (path: string): string =>
  path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p && p !== '.')
    .join('/');

/** The collection's own files with paths as restore reads them: normalised, without a zip's top folder. */
export const collectionPaths = (files: readonly CollectionFile[], keep: (path: string) => boolean = isCollectionJson): CollectionFile[] =>
  stripTopFolder(files.map((f) => ({ path: normalisePath(f.path), text: f.text })).filter((f) => keep(f.path) || f.path.endsWith('/' + COLLECTION_FILE) || f.path === COLLECTION_FILE));

/** The other files a collection folder may carry (a README, .gitignore): kept in exports, never a key file. */
export const isCompanionFile = (path: string): boolean => !/\.secret$/i.test(path) && !path.split('/').includes('node_modules') && !isCollectionJson(path);

/** A zip made of the folder itself has one top folder around the collection: look inside it. */
function stripTopFolder(files: CollectionFile[]): CollectionFile[] {
  if (files.some((f) => f.path === COLLECTION_FILE)) return files;
  const holder = files.find((f) => f.path.split('/').length === 2 && f.path.endsWith('/' + COLLECTION_FILE));
  if (!holder) return files;
  const top = holder.path.split('/')[0] + '/';
  return files.filter((f) => f.path.startsWith(top)).map((f) => ({ ...f, path: f.path.slice(top.length) }));
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export const compareNames = (a: string, b: string): number => byName.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

export const flowOf = (file: string): string => file.split('/').slice(0, -1).join('/');

export function restoreCollection(input: readonly CollectionFile[], options: CollectionRestoreOptions = {}): CollectionRestoreResult {
  const result: CollectionRestoreResult = {
    value: { version: COLLECTION_VERSION, name: options.name || 'Untitled collection', variables: {}, environments: [], flows: [] },
    problems: [],
    refused: [],
  };
  const refuse = (file: string, reason: RefusedFile['reason'], problems: string[]) => {
    result.refused.push({ file, reason, problems });
    for (const message of problems) result.problems.push({ file, path: '', message: `refused: ${message}`, severity: 'invalid' });
  };

  const files = collectionPaths(input);
  const parsed: { file: string; raw: Record<string, unknown> }[] = [];
  for (const { path, text } of files) {
    const json = parseJsonInput(text.replace(/^\uFEFF/, ''));
    if (!json.ok) {
      refuse(path, 'not-json', [json.message]);
      continue;
    }
    if (!isObject(json.value)) {
      refuse(path, 'invalid', ['is not a JSON object']);
      continue;
    }
    const scan = serializeForExport(json.value, { path: 'collection', knownSecrets: options.knownSecrets });
    if (scan.redacted.length) {
      refuse(
        path,
        'holds-a-key',
        scan.redacted.map((at, i) => `${at} ${scan.reasons[i]}; a collection never holds a key (keep keys in the process environment or environments/<name>.secret)`),
      );
      continue;
    }
    parsed.push({ file: path, raw: json.value });
  }

  const collectionEntry = parsed.find((p) => p.file === COLLECTION_FILE);
  const raw: RawCollection = { collection: collectionEntry?.raw ?? {}, environments: [], steps: [] };
  for (const entry of parsed) {
    if (entry === collectionEntry) continue;
    const parts = entry.file.split('/');
    if (parts[0] === ENVIRONMENTS_FOLDER) {
      if (parts.length === 2) raw.environments.push({ name: parts[1]!.replace(/\.json$/i, ''), file: entry.file, raw: entry.raw });
      else result.problems.push({ file: entry.file, path: '', message: 'environments/ holds environment files only, not folders; ignored', severity: 'fixed' });
    } else raw.steps.push(entry);
  }

  if (!collectionEntry && !result.refused.some((r) => r.file === COLLECTION_FILE)) {
    if (!raw.steps.length && !raw.environments.length) {
      result.error = { kind: 'not-recognised', message: `This is not a PayWay collection: no ${COLLECTION_FILE} and no step files (.json) in it.` };
      return result;
    }
    result.problems.push({ file: COLLECTION_FILE, path: '', message: `is missing; read as version ${COLLECTION_VERSION}`, severity: 'fixed' });
  }
  const format = raw.collection.format;
  if (format !== undefined && format !== COLLECTION_FORMAT) {
    result.error = { kind: 'not-recognised', message: `${COLLECTION_FILE} is not a PayWay collection (format "${String(format)}").` };
    return result;
  }
  let version = raw.collection.version;
  if (collectionEntry && version === undefined) {
    result.problems.push({ file: COLLECTION_FILE, path: 'version', message: `is missing; read as version ${COLLECTION_VERSION}`, severity: 'fixed' });
  }
  version ??= COLLECTION_VERSION;
  let current: RawCollection;
  try {
    current = migrateCollection(raw, version, options.migrations ?? collectionSteps);
  } catch (error) {
    if (error instanceof NewerCollectionError) {
      result.error = { kind: 'newer-version', message: `This ${error.message}.` };
      return result;
    }
    result.problems.push({ file: COLLECTION_FILE, path: 'version', message: (error as Error).message, severity: 'invalid' });
    result.refused.push({ file: COLLECTION_FILE, reason: 'invalid', problems: [(error as Error).message] });
    return result;
  }

  if (collectionEntry) {
    const head = validateCollectionFile(COLLECTION_FILE, current.collection);
    result.problems.push(...head.problems);
    if (head.value) Object.assign(result.value, head.value);
    else result.refused.push({ file: COLLECTION_FILE, reason: 'invalid', problems: head.problems.filter((p) => p.severity === 'invalid').map((p) => `${p.path} ${p.message}`) });
  }

  const environments: CollectionEnvironment[] = [];
  for (const env of current.environments) {
    const checked = validateEnvironment(env.file, env.name, env.raw);
    result.problems.push(...checked.problems);
    if (checked.value) environments.push(checked.value);
    else result.refused.push({ file: env.file, reason: 'invalid', problems: checked.problems.filter((p) => p.severity === 'invalid').map((p) => `${p.path} ${p.message}`) });
  }
  result.value.environments = environments.sort((a, b) => compareNames(a.name, b.name));

  const flows = new Map<string, Step[]>();
  for (const entry of [...current.steps].sort((a, b) => compareNames(a.file, b.file))) {
    const checked = validateStep(entry.file, entry.raw);
    result.problems.push(...checked.problems);
    if (!checked.value) {
      result.refused.push({ file: entry.file, reason: 'invalid', problems: checked.problems.filter((p) => p.severity === 'invalid').map((p) => `${p.path ? p.path + ' ' : ''}${p.message}`) });
      continue;
    }
    const flow = flowOf(entry.file);
    if (!flows.has(flow)) flows.set(flow, []);
    flows.get(flow)!.push(checked.value);
  }
  result.value.flows = [...flows.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : compareNames(a, b))).map(([name, steps]): Flow => ({ name, steps }));
  return result;
}

/** Problems worded for a terminal or a notice: "file: path message". */
export const describeProblem = (p: CollectionProblem): string => `${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
