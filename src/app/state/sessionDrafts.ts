// The form's draft per endpoint, kept in this tab's sessionStorage (as the Svelte playground keeps its
// files), so edits survive a reload and Share shares what is on screen. Credentials are not part of a
// draft; a copy of one typed into a field is scrubbed by the one serializer, as for every outward path.
import { validateDraft } from '../../core/presets/v1.ts';
import { serializeForExport } from '../../core/presets/serializeForExport.ts';
import type { Credentials, RequestDraft } from '../../core/presets/draft.ts';
import type { EndpointId } from '../../core/catalog/types.ts';

export const SESSION_DRAFT_PREFIX = 'payway-playground:draft:';

/** What one endpoint's entry holds (version 1). */
export interface SessionDraftV1 {
  v: 1;
  draft: RequestDraft;
  /** Time fields follow the clock (they are set to now when the draft comes back). */
  autoTime: boolean;
}

export interface RestoredSessionDraft {
  draft: RequestDraft;
  autoTime: boolean;
}

/** An entry read back, made safe to use; anything unreadable, of another version or endpoint gives undefined. */
export function restoreSessionDraft(text: string | null, endpoint: EndpointId): RestoredSessionDraft | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || (raw as { v?: unknown }).v !== 1) return undefined;
  const entry = raw as Partial<SessionDraftV1>;
  const { value } = validateDraft(entry.draft, 'draft');
  if (!value || value.endpoint !== endpoint) return undefined;
  return { draft: value, autoTime: entry.autoTime === true };
}

type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class SessionDrafts {
  #storage: SessionStore | undefined;
  #delayMs: number;
  #pending: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `storage` is undefined where the browser refuses it (the form then simply starts fresh). */
  constructor(storage: SessionStore | undefined, options: { delayMs?: number } = {}) {
    this.#storage = storage;
    this.#delayMs = options.delayMs ?? 200;
  }

  read(endpoint: EndpointId): RestoredSessionDraft | undefined {
    try {
      return restoreSessionDraft(this.#storage?.getItem(SESSION_DRAFT_PREFIX + endpoint) ?? null, endpoint);
    } catch {
      return undefined;
    }
  }

  /** Keeps `draft` a moment later (a burst of keystrokes is written once); flush() writes it at once. */
  save(draft: RequestDraft, autoTime: boolean, credentials: Credentials): void {
    this.#pending = () => this.#write(draft, autoTime, credentials);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#delayMs);
  }

  flush(): void {
    clearTimeout(this.#timer);
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.();
  }

  #write(draft: RequestDraft, autoTime: boolean, credentials: Credentials): void {
    const { value } = serializeForExport(draft, { path: 'storage', knownSecrets: [credentials] });
    const entry: SessionDraftV1 = { v: 1, draft: value, autoTime };
    try {
      this.#storage?.setItem(SESSION_DRAFT_PREFIX + draft.endpoint, JSON.stringify(entry));
    } catch {
      // Full or refused: the draft stays in memory for this page, which is all a reload loses.
    }
  }
}

/** This tab's sessionStorage, or undefined where reading it throws (storage disabled, sandboxed frame). */
export function browserSessionStorage(): SessionStore | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}
