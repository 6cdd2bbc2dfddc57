// The saved presets as the Saved panel shows them: the list (rows from the store's list index), the
// filter, the selection, the preset the form came from, and every action on them. What is saved is the
// form's draft and the environment's name, target and merchant id: never a credential.
import { getContext, setContext } from 'svelte';
import { isEndpointId } from '../../core/catalog/index.ts';
import { importCurl, type CurlImport } from '../../core/interop/curlImport.ts';
import { exportFile, importFile, type ExportedFile } from '../../core/presets/backup.ts';
import type { RequestDraft } from '../../core/presets/draft.ts';
import { facetsOf, filterPresets, indexPresets } from '../../core/presets/filterPresets.ts';
import type { LoadReport, PresetListItem, PresetStore, QuarantineEntry } from '../../core/presets/presetStore.ts';
import type { RestoreResult } from '../../core/presets/restore.ts';
import type { EnvironmentRef, Preset, StoredEnvironment } from '../../core/presets/schema.ts';
import { createShareLink, type ShareLink } from '../../core/presets/shareLink.ts';
import type { AppState } from './app.svelte.ts';
import type { EnvironmentState } from './environment.svelte.ts';
import { isTimeField } from './playground.svelte.ts';
import { connectPresetStore } from './storage/presetStoreConnection.ts';
import { environmentRefOf, THIS_DEVICE_ENVIRONMENT } from './storage/rememberedEnvironment.ts';

export interface Notice {
  text: string;
  tone: 'info' | 'warning' | 'error';
  /** Shown as an Undo button while the notice lasts. */
  undo?: () => Promise<void>;
}

/** The preset the form was opened from or last saved as: Ctrl/Cmd+S saves over it. */
interface CurrentPreset {
  id: string;
  rev: number;
  endpoint: string;
  /** The form's draft right after opening or saving, to tell whether it has changed since. */
  baseline: string;
}

export type ExportChoice = { kind: 'preset'; id: string } | { kind: 'selection'; ids: readonly string[] } | { kind: 'all' } | { kind: 'backup'; history: boolean };

/** What the presets state uses of the page's state. */
export type PresetsApp = Pick<AppState, 'router' | 'playground' | 'environment'>;

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Sets the bar's target, URL and merchant id to a preset's (never its secrets: it has none). */
export function applyEnvironment(environment: EnvironmentState, ref: EnvironmentRef): void {
  if (environment.target !== ref.target) environment.setTarget(ref.target);
  if (ref.customUrl && environment.customUrl !== ref.customUrl) environment.set('customUrl', ref.customUrl);
  if (ref.merchantId && environment.merchantId !== ref.merchantId) environment.set('merchantId', ref.merchantId);
}

export class PresetsState {
  store = $state.raw<PresetStore | undefined>();
  /** Why the store could not be opened or checked. */
  failure = $state<string | undefined>();
  rows = $state.raw<readonly PresetListItem[]>([]);
  /** What the background check found, once every record has been read. */
  report = $state.raw<LoadReport | undefined>();
  quarantine = $state.raw<readonly QuarantineEntry[]>([]);
  text = $state('');
  endpoint = $state('');
  tag = $state('');
  folder = $state('');
  selected = $state.raw<ReadonlySet<string>>(new Set());
  current = $state.raw<CurrentPreset | undefined>();
  notice = $state.raw<Notice | undefined>();

  filtering = $derived(this.text.trim() !== '' || this.endpoint !== '' || this.tag !== '' || this.folder !== '');
  // The search haystacks are built only once someone filters.
  #search = $derived(this.filtering ? indexPresets(this.rows) : undefined);
  filtered = $derived(
    this.#search
      ? filterPresets(this.#search, { text: this.text, endpoint: this.endpoint || undefined, tags: this.tag ? [this.tag] : undefined, folder: this.folder || undefined })
      : this.rows,
  );
  facets = $derived(facetsOf(this.rows));
  /** The form shows the current preset's endpoint (Ctrl/Cmd+S saves over it). */
  editing = $derived.by(() => this.current !== undefined && this.current.endpoint === this.app.playground.endpoint.id);
  currentRow = $derived(this.current ? this.rows.find((r) => r.id === this.current!.id) : undefined);
  modified = $derived.by(() => this.editing && this.#comparable() !== this.current!.baseline);

  readonly app: PresetsApp;
  readonly #connect: () => Promise<PresetStore>;
  #connecting: Promise<PresetStore> | undefined;
  #unsubscribe: (() => void) | undefined;

  /** `connect` opens the store: the page's one by default, tests pass their own. */
  constructor(app: PresetsApp, connect: () => Promise<PresetStore> = connectPresetStore) {
    this.app = app;
    this.#connect = connect;
  }

  /** Opens the store (once) and follows its changes. */
  ready(): Promise<PresetStore> {
    this.#connecting ??= this.#connect().then(
      (store) => {
        this.store = store;
        this.#refresh();
        this.#unsubscribe = store.subscribe((change) => {
          if (change.collection === 'presets' || change.collection === 'quarantine') this.#refresh();
        });
        store.verified.then(
          (report) => {
            this.report = report;
            this.#refresh();
          },
          (error: unknown) => (this.failure = `Reading the saved records failed: ${messageOf(error)}`),
        );
        return store;
      },
      (error: unknown) => {
        this.failure = `Saved presets cannot be opened: ${messageOf(error)}`;
        throw error;
      },
    );
    return this.#connecting;
  }

  /** Stops following the store. */
  dispose(): void {
    this.#unsubscribe?.();
  }

  #refresh(): void {
    const store = this.store!;
    this.rows = store.list();
    this.quarantine = store.quarantine();
    const ids = new Set(this.rows.map((r) => r.id));
    if ([...this.selected].some((id) => !ids.has(id))) this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
    // Deleted here or in another tab: Ctrl/Cmd+S then asks for a name instead of saving over nothing.
    if (this.current && !ids.has(this.current.id)) this.current = undefined;
  }

  notify(text: string, tone: Notice['tone'] = 'info', undo?: Notice['undo']): void {
    this.notice = undo ? { text, tone, undo } : { text, tone };
  }

  #markCurrent(preset: Preset): void {
    this.current = { id: preset.id, rev: preset.rev, endpoint: preset.draft.endpoint, baseline: this.#comparable() };
  }

  /** The form's draft as text, leaving out time fields while they follow the clock (not an edit). */
  #comparable(): string {
    const { playground } = this.app;
    const draft = playground.toDraft();
    if (playground.autoTime) for (const field of playground.fields) if (isTimeField(field)) delete draft.inputs[field.name];
    return JSON.stringify(draft);
  }

  // ---- saving -------------------------------------------------------------------------------------

  /** Ctrl/Cmd+S: saves over the preset the form came from; 'ask' when there is none (ask for a name). */
  async quickSave(): Promise<'saved' | 'ask'> {
    await this.ready();
    const current = this.editing ? this.current : undefined;
    const row = current && this.rows.find((r) => r.id === current.id);
    if (!current || !row) return 'ask';
    await this.#save({ id: row.id, name: row.name, tags: row.tags, folder: row.folder, baseRev: current.rev });
    return 'saved';
  }

  /** Saves the form as a new preset. */
  saveNew(details: { name: string; tags: readonly string[]; folder: string }): Promise<Preset> {
    return this.#save(details);
  }

  async #save(input: { id?: string; name: string; tags: readonly string[]; folder: string; baseRev?: number }): Promise<Preset> {
    const store = await this.ready();
    const { playground, environment } = this.app;
    const { preset, savedAsCopy } = await store.savePreset(
      { ...input, draft: playground.toDraft(), environment: environmentRefOf(environment) },
      environment.credentials,
    );
    this.#markCurrent(preset);
    if (savedAsCopy) this.notify(`"${input.name}" was changed in another tab since you opened it; yours is saved beside it as "${preset.name}".`, 'warning');
    else this.notify(`Saved "${preset.name}".`);
    return preset;
  }

  // ---- opening ------------------------------------------------------------------------------------

  async open(id: string): Promise<void> {
    const preset = await (await this.ready()).loadPreset(id);
    if (!preset) {
      this.notify('That preset is gone (deleted in another tab?).', 'warning');
      return;
    }
    this.loadDraft(preset.draft, preset.environment);
    this.#markCurrent(preset);
  }

  /** Puts a draft into the form, and its environment's target and merchant id unless told not to. */
  loadDraft(draft: RequestDraft, environment?: EnvironmentRef, useEnvironment = true): void {
    const { router, playground } = this.app;
    if (router.endpoint !== draft.endpoint) router.navigate({ page: 'endpoint', endpoint: draft.endpoint });
    playground.load(draft);
    if (environment && useEnvironment) applyEnvironment(this.app.environment, environment);
    this.current = undefined;
  }

  // ---- editing ------------------------------------------------------------------------------------

  async update(id: string, changes: { name?: string; tags?: readonly string[]; folder?: string }): Promise<void> {
    const store = await this.ready();
    let preset: Preset | undefined;
    if (changes.name !== undefined) preset = await store.renamePreset(id, changes.name);
    if (changes.tags !== undefined) preset = await store.setTags(id, changes.tags);
    if (changes.folder !== undefined) preset = await store.moveToFolder(id, changes.folder);
    // Our own edit: the form still matches what is stored, so a later Ctrl/Cmd+S is not a conflict.
    if (preset && this.current?.id === id) this.current = { ...this.current, rev: preset.rev };
    if (preset) this.notify(`Saved changes to "${preset.name}".`);
  }

  async duplicate(id: string): Promise<Preset> {
    const copy = await (await this.ready()).duplicatePreset(id);
    this.notify(`Duplicated as "${copy.name}".`);
    return copy;
  }

  async remove(ids: readonly string[]): Promise<void> {
    const store = await this.ready();
    const names = ids.map((id) => this.rows.find((r) => r.id === id)?.name).filter(Boolean);
    const wasCurrent = this.current && ids.includes(this.current.id) ? this.current : undefined;
    const token = await store.deletePresets(ids);
    this.selected = new Set([...this.selected].filter((id) => !ids.includes(id)));
    const what = token.count === 1 ? `"${names[0]}"` : `${token.count} presets`;
    this.notify(`Deleted ${what}.`, 'info', async () => {
      await token.undo();
      if (wasCurrent && store.list().some((r) => r.id === wasCurrent.id)) this.current = wasCurrent;
      this.notify(`Restored ${what}.`);
    });
  }

  toggleSelected(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  clearFilter(): void {
    this.text = '';
    this.endpoint = '';
    this.tag = '';
    this.folder = '';
  }

  // ---- sharing, files, cURL -----------------------------------------------------------------------

  /** The form as a preset that is not saved (for a link to what is on screen). */
  formAsPreset(): Preset {
    const now = Date.now();
    const { playground, environment } = this.app;
    const name = (this.editing && this.currentRow?.name) || playground.endpoint.name;
    return { v: 1, kind: 'preset', id: `form-${now}`, name, folder: '', tags: [], draft: playground.toDraft(), environment: environmentRefOf(environment), createdAt: now, updatedAt: now, rev: 0 };
  }

  /** A share link for a saved preset, or for the form when `id` is absent. Secrets never go in it. */
  async shareLink(id?: string): Promise<ShareLink> {
    const preset = id ? await (await this.ready()).loadPreset(id) : this.formAsPreset();
    if (!preset) throw new Error('That preset is gone (deleted in another tab?).');
    const base = location.href.replace(/#.*$/, '');
    return createShareLink(preset, base, this.app.environment.credentials);
  }

  async exportFile(choice: ExportChoice, includeSecrets: boolean): Promise<ExportedFile> {
    const store = await this.ready();
    const { credentials } = this.app.environment;
    const options = { includeSecrets, knownSecrets: [credentials], secretsByEnvironment: { [THIS_DEVICE_ENVIRONMENT]: credentials } };
    if (choice.kind === 'preset') {
      const preset = await store.loadPreset(choice.id);
      if (!preset) throw new Error('That preset is gone (deleted in another tab?).');
      return exportFile({ kind: 'preset', preset }, options);
    }
    if (choice.kind === 'selection') return exportFile({ kind: 'selection', presets: await store.loadPresets(choice.ids) }, options);
    const presets = await store.loadPresets(store.list().map((r) => r.id));
    if (choice.kind === 'all') return exportFile({ kind: 'selection', presets }, options);
    await store.verified; // history is read by the background check
    return exportFile({ kind: 'backup', presets, environments: this.#environmentsForBackup(store), history: choice.history ? store.history() : undefined }, options);
  }

  /** Stored environments, plus the bar's own when it is not remembered (without secrets unless asked). */
  #environmentsForBackup(store: PresetStore): StoredEnvironment[] {
    const stored = store.environments();
    if (stored.some((e) => e.id === THIS_DEVICE_ENVIRONMENT)) return stored;
    return [...stored, { v: 1, kind: 'environment', ...environmentRefOf(this.app.environment), rememberSecrets: false, updatedAt: Date.now(), rev: 0 }];
  }

  readImport(text: string): RestoreResult {
    return importFile(text);
  }

  async commitImport(result: RestoreResult, options: { keepSecrets: boolean; replace: boolean }): Promise<void> {
    const store = await this.ready();
    const done = await store.importData(result.value, options);
    const parts = [`${done.presets.length} preset${done.presets.length === 1 ? '' : 's'}`];
    if (done.environments) parts.push(`${done.environments} environment${done.environments === 1 ? '' : 's'}`);
    if (done.history) parts.push(`${done.history} history entr${done.history === 1 ? 'y' : 'ies'}`);
    this.notify(`Imported ${parts.join(', ')}.`);
  }

  /** Reads a pasted cURL command into the form; the result lists everything that was not used. */
  importCurl(text: string): CurlImport {
    const result = importCurl(text);
    if (!result.draft || !isEndpointId(result.draft.endpoint)) return result;
    this.loadDraft(result.draft);
    // The form shows the environment bar's merchant id: the command's goes there, or it would be lost.
    const merchantId = result.draft.inputs.merchant_id;
    const { environment } = this.app;
    if (merchantId !== undefined && merchantId !== environment.merchantId) {
      environment.set('merchantId', merchantId);
      result.notes.push({ severity: 'info', subject: 'merchant_id', message: `${merchantId} is now the merchant id in the environment bar` });
    }
    return result;
  }
}

const KEY = Symbol('payway-presets');

export const setPresetsState = (state: PresetsState): PresetsState => setContext(KEY, state);
export const getPresetsState = (): PresetsState => getContext<PresetsState>(KEY);
