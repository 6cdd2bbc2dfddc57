// A collection opened in the page: from a folder (File System Access, Chromium), a zip, or the starter.
// Everything read goes through core's restoreCollection(); everything written through collectionFiles()
// (the secret-stripping serializer). Runs use core's runCollection() with the page's fetch, against the
// target chosen in the environment bar.
import { getContext, setContext } from 'svelte';
import { defaultVariant, getEndpoint } from '../../core/catalog/index.ts';
import { collectionFiles, fileText, stepObject } from '../../core/collections/collectionFiles.ts';
import { collectionPaths, compareNames, describeProblem, isCompanionFile, restoreCollection, type CollectionFile, type RefusedFile } from '../../core/collections/restore.ts';
import { runCollection, type FetchLike, type RunResult, type StepResult } from '../../core/collections/runCollection.ts';
import type { Collection, CollectionProblem, RequestStep, Step } from '../../core/collections/schema.ts';
import { starterCollection } from '../../core/collections/starterCollection.ts';
import { fieldOrder } from '../../core/collections/v1.ts';
import type { Credentials } from '../../core/signing/buildRequest.ts';
import type { RequestDraft, TargetKind } from '../../core/presets/draft.ts';
import { LOCAL_SERVER_HEADER, targetUrl } from '../send.ts';

/** The part of a FileSystemDirectoryHandle this module uses (OPFS handles have the same shape). */
export interface DirectoryHandle {
  readonly kind: 'directory';
  readonly name: string;
  entries(): AsyncIterable<[string, DirectoryHandle | FileHandle]>;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
  requestPermission?(descriptor: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}
interface FileHandle {
  readonly kind: 'file';
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }>;
}

/** What the collections panel needs from the rest of the page. */
export interface CollectionsDeps {
  target: () => { target: TargetKind; customUrl: string; merchantId: string; credentials: Credentials };
  baseURI: () => string;
  startEmulator: () => Promise<boolean>;
  /** The form's request as a draft. */
  formDraft: () => RequestDraft;
  fetch?: typeof fetch;
  pickDirectory?: () => Promise<DirectoryHandle>;
}

type PickerWindow = { showDirectoryPicker?: (options?: { mode?: 'read' | 'readwrite' }) => Promise<DirectoryHandle> };

export const canOpenFolders = (): boolean => typeof window !== 'undefined' && typeof (window as unknown as PickerWindow).showDirectoryPicker === 'function';

export const resultKey = (flow: string, file: string) => `${flow}\u0000${file}`;

const TIME_INPUTS = new Set(['req_time', 'request_time']);

/** "Refund 5.00!" → "refund-5-00" */
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, ' ')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 50) || 'step';

export class CollectionsState {
  collection = $state.raw<Collection | undefined>();
  /** The collection's files as they are on disk (or in the zip), by path. */
  files = $state.raw<ReadonlyMap<string, string>>(new Map());
  problems = $state.raw<readonly CollectionProblem[]>([]);
  refused = $state.raw<readonly RefusedFile[]>([]);
  source = $state<'folder' | 'zip' | 'starter' | undefined>();
  /** The folder's or zip's name. */
  sourceName = $state('');
  environmentName = $state('');
  running = $state(false);
  /** The last result of each step that ran, by resultKey(flow, file). */
  results = $state.raw<ReadonlyMap<string, StepResult>>(new Map());
  lastRun = $state.raw<RunResult | undefined>();
  message = $state.raw<{ text: string; tone: 'info' | 'error' } | undefined>();

  environments = $derived(this.collection?.environments ?? []);
  environment = $derived(this.environments.find((e) => e.name === this.environmentName));

  /** Files beside the steps (README, .gitignore) that a zip brought: exported again as they came. */
  #companions: CollectionFile[] = [];
  #directory: DirectoryHandle | undefined;
  #abort: AbortController | undefined;
  readonly #deps: CollectionsDeps;

  constructor(deps: CollectionsDeps) {
    this.#deps = deps;
  }

  get writable(): boolean {
    return this.#directory !== undefined;
  }

  /** Reads `files` through restore and shows what it found; nothing read is kept from before. */
  #load(files: readonly CollectionFile[], source: CollectionsState['source'], name: string): boolean {
    const result = restoreCollection(files, { name, knownSecrets: [this.#deps.target().credentials] });
    if (result.error) {
      this.message = { text: result.error.message, tone: 'error' };
      return false;
    }
    this.collection = result.value;
    this.files = new Map(collectionPaths(files).map((f) => [f.path, f.text]));
    this.#companions = collectionPaths(files, isCompanionFile).filter((f) => isCompanionFile(f.path));
    this.problems = result.problems;
    this.refused = result.refused;
    this.source = source;
    this.sourceName = name;
    this.results = new Map();
    this.lastRun = undefined;
    const env = result.value.environments;
    const preferred = env.find((e) => e.name === this.environmentName) ?? env.find((e) => (e.target ?? 'mock') === (this.#deps.target().target === 'emulator' ? 'mock' : 'sandbox')) ?? env[0];
    this.environmentName = preferred?.name ?? '';
    const steps = result.value.flows.reduce((n, f) => n + f.steps.length, 0);
    this.message = { text: `${name}: ${steps} step${steps === 1 ? '' : 's'} in ${result.value.flows.length} flow${result.value.flows.length === 1 ? '' : 's'}${result.refused.length ? `; ${result.refused.length} file${result.refused.length === 1 ? '' : 's'} refused (see below)` : ''}.`, tone: result.refused.length ? 'error' : 'info' };
    return true;
  }

  async openFolder(): Promise<void> {
    const pick = this.#deps.pickDirectory ?? (() => (window as unknown as PickerWindow).showDirectoryPicker!({ mode: 'readwrite' }));
    let directory: DirectoryHandle;
    try {
      directory = await pick();
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.message = { text: `The folder could not be opened: ${(error as Error).message}`, tone: 'error' };
      return;
    }
    const files: CollectionFile[] = [];
    const walk = async (dir: DirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, handle] of dir.entries()) {
        const path = prefix + name;
        if (handle.kind === 'directory') {
          if (!name.startsWith('.') && name !== 'node_modules') await walk(handle, path + '/');
        } else if (/\.json$/i.test(name)) files.push({ path, text: await (await handle.getFile()).text() });
      }
    };
    await walk(directory, '');
    if (this.#load(files, 'folder', directory.name)) this.#directory = directory;
  }

  async importZip(file: Blob & { name?: string }): Promise<void> {
    const { unzipSync, strFromU8 } = await import('fflate');
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      this.message = { text: `${file.name ?? 'The file'} is not a zip: ${(error as Error).message}`, tone: 'error' };
      return;
    }
    const files = Object.entries(entries)
      .filter(([path]) => !path.endsWith('/'))
      .map(([path, bytes]) => ({ path, text: strFromU8(bytes) }));
    if (this.#load(files, 'zip', (file.name ?? 'collection.zip').replace(/\.zip$/i, ''))) this.#directory = undefined;
  }

  startNew(name = 'My PayWay integration'): void {
    const { files } = collectionFiles(starterCollection(name));
    if (this.#load(files, 'starter', name)) {
      this.#directory = undefined;
      this.message = { text: 'A starter collection: export it as a zip (or open a folder to keep it in).', tone: 'info' };
    }
  }

  /** The collection as a zip of the same layout, one top folder, keys never in it. */
  async zip(): Promise<{ name: string; bytes: Uint8Array } | undefined> {
    if (!this.collection) return undefined;
    const { zipSync, strToU8 } = await import('fflate');
    const top = slug(this.sourceName || this.collection.name);
    const entries: Record<string, Uint8Array> = {};
    // The files as they are (a refused one included, so nothing is lost), then .gitignore for *.secret.
    for (const [path, text] of [...this.files].sort(([a], [b]) => compareNames(a, b))) entries[`${top}/${path}`] = strToU8(text);
    for (const f of this.#companions) entries[`${top}/${f.path}`] = strToU8(f.text);
    if (!this.#companions.some((f) => f.path === '.gitignore')) entries[`${top}/.gitignore`] = strToU8('*.secret\n');
    return { name: `${top}.zip`, bytes: zipSync(entries, { level: 6, mtime: new Date('2025-01-01T00:00:00Z') }) };
  }

  /**
   * Saves one file's new text: read back through restore with the rest of the collection first. Refused
   * or invalid text is not written and stays in the editor (returned problems say why).
   */
  async saveFile(path: string, text: string): Promise<string[]> {
    const files = new Map(this.files).set(path, text);
    const list = [...files].map(([p, t]) => ({ path: p, text: t }));
    const result = restoreCollection(list, { name: this.sourceName, knownSecrets: [this.#deps.target().credentials] });
    const mine = result.problems.filter((p) => p.file === path && p.severity === 'invalid').map(describeProblem);
    if (result.error) return [result.error.message];
    if (mine.length) return mine;
    await this.#write(path, text);
    this.collection = result.value;
    this.files = files;
    this.problems = result.problems;
    this.refused = result.refused;
    this.message = { text: `Saved ${path}${this.#directory ? ` in ${this.#directory.name}` : ' (export the zip to keep it)'}.`, tone: 'info' };
    return [];
  }

  async #write(path: string, text: string): Promise<void> {
    const directory = this.#directory;
    if (!directory) return;
    if (directory.requestPermission && (await directory.requestPermission({ mode: 'readwrite' })) !== 'granted') throw new Error(`no permission to write in ${directory.name}`);
    const parts = path.split('/');
    let dir = directory;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
    const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
    await writable.write(text);
    await writable.close();
  }

  /** A new step file from a request draft (the form's, or a saved preset's): time inputs follow the clock, the merchant id is the environment's. */
  async addStep(draft: RequestDraft, flow: string, name: string): Promise<string[]> {
    if (!this.collection) return ['Open or start a collection first.'];
    const flowName = flow.trim().replace(/^\/+|\/+$/g, '');
    if (!flowName || /(^|\/)\.|\.\.|[\\:*?"<>|]/.test(flowName)) return [`"${flow}" is not a flow (folder) name.`];
    const known = new Set([...Object.keys(this.collection.variables), ...this.environments.flatMap((e) => Object.keys(e.variables))]);
    const inputs: Record<string, string> = {};
    // The form keeps the merchant id in the environment bar, not in the draft.
    const merchantId = fieldOrder(draft.endpoint, draft.variant).includes('merchant_id') && draft.inputs.merchant_id === undefined ? { merchant_id: this.#deps.target().merchantId } : {};
    for (const [field, value] of Object.entries({ ...merchantId, ...draft.inputs })) {
      if (TIME_INPUTS.has(field)) inputs[field] = '{{$now}}';
      else if (field === 'merchant_id' && known.has('merchant_id')) inputs[field] = '{{merchant_id}}';
      else inputs[field] = value;
    }
    const existing = this.collection.flows.find((f) => f.name === flowName)?.steps.length ?? 0;
    let file = `${flowName}/${String(existing + 1).padStart(2, '0')}-${slug(name)}.json`;
    while (this.files.has(file)) file = file.replace(/\.json$/, '-2.json');
    const step: RequestStep = { kind: 'request', file, name: name.trim() || draft.endpoint, endpoint: draft.endpoint, inputs, capture: {}, expect: [] };
    // The default variant is what a step without one uses: writing it would only be noise in the diff.
    if (draft.variant && draft.variant !== defaultVariant(getEndpoint(draft.endpoint)).id) step.variant = draft.variant;
    if (draft.wire && Object.keys(draft.wire).length) step.wire = { ...draft.wire };
    const written = fileText(file, stepObject(step), [this.#deps.target().credentials]);
    const problems = await this.saveFile(file, written.file.text);
    if (!problems.length && written.redacted.length) this.message = { text: `Added ${file}; a key found in it was removed: ${written.redacted.join('; ')}.`, tone: 'info' };
    return problems;
  }

  stepText(file: string): string {
    return this.files.get(file) ?? '';
  }

  /** The page's fetch, routed as the environment bar says (the local server's emulator wants a header). */
  #target(): { fetch: FetchLike; baseUrl: string; name: string; emulator: boolean; credentials: Credentials } {
    const env = this.#deps.target();
    const baseUrl = targetUrl(env.target, '', { customUrl: env.customUrl, baseURI: this.#deps.baseURI() }).replace(/\/+$/, '');
    const send = this.#deps.fetch ?? globalThis.fetch.bind(globalThis);
    const extra: Record<string, string> = env.target === 'local-server' ? { [LOCAL_SERVER_HEADER]: 'local-server' } : {};
    const fetch: FetchLike = (input, init) => send(input, { ...init, cache: 'no-store', credentials: 'omit', headers: { ...Object.fromEntries(new Headers(init?.headers)), ...extra } });
    const emulator = env.target === 'emulator' || env.target === 'local-server';
    // On the emulator its merchants' keys are used; elsewhere the keys in the environment bar.
    return { fetch, baseUrl, name: env.target === 'custom' ? baseUrl : env.target, emulator, credentials: emulator ? {} : env.credentials };
  }

  /** Runs everything, one flow, or one step of a flow (with the flow's earlier steps first, for their captures). */
  async run(only?: { flow: string; file?: string }): Promise<void> {
    const collection = this.collection;
    if (!collection || this.running) return;
    this.running = true;
    this.message = undefined;
    this.#abort = new AbortController();
    try {
      const target = this.#target();
      if (this.#deps.target().target === 'emulator') await this.#deps.startEmulator();
      let steps: Step[] | undefined;
      if (only?.file) {
        // A step needs what earlier steps of its flow capture: run the flow up to it.
        const flow = collection.flows.find((f) => f.name === only.flow);
        const at = flow?.steps.findIndex((s) => s.file === only.file) ?? -1;
        steps = flow && at >= 0 ? flow.steps.slice(0, at + 1) : undefined;
      }
      const runnable: Collection = steps ? { ...collection, flows: [{ name: only!.flow, steps }] } : collection;
      const results = new Map(this.results);
      const run = await runCollection(runnable, {
        fetch: target.fetch,
        target: { baseUrl: target.baseUrl, name: target.name, emulator: target.emulator },
        ...(this.environment ? { environment: this.environment } : {}),
        credentials: target.credentials,
        ...(only && !only.file ? { only: { flow: only.flow } } : {}),
        signal: this.#abort.signal,
        onEvent: (event) => {
          if (event.type !== 'end') return;
          results.set(resultKey(event.result.flow, event.result.file), event.result);
          this.results = new Map(results);
        },
      });
      this.lastRun = run;
      const c = run.counts;
      this.message = { text: `${run.ok ? 'Passed' : 'Failed'}: ${c.passed} of ${c.steps} steps passed${c.failed ? `, ${c.failed} failed` : ''}${c.errors ? `, ${c.errors} could not run` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''} (${target.name}).`, tone: run.ok ? 'info' : 'error' };
    } catch (error) {
      this.message = { text: `The run stopped: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' };
    } finally {
      this.running = false;
      this.#abort = undefined;
    }
  }

  stop(): void {
    this.#abort?.abort();
  }

  close(): void {
    this.stop();
    this.collection = undefined;
    this.files = new Map();
    this.problems = [];
    this.refused = [];
    this.results = new Map();
    this.lastRun = undefined;
    this.source = undefined;
    this.#directory = undefined;
    this.message = undefined;
  }
}

const KEY = Symbol('payway-collections');
export const setCollectionsState = (state: CollectionsState): CollectionsState => setContext(KEY, state);
export const getCollectionsState = (): CollectionsState => getContext<CollectionsState>(KEY);
