// What the emulator holds (transactions, payer pages, pushback deliveries, its inbox) as the panel shows
// it, read through the emulator's admin API. Lists are replaced whole on each refresh ($state.raw).
// The client and the signature check are imported on first use: only the inbox URL is needed early.
import { getContext, setContext } from 'svelte';
import type { TargetKind } from '../../core/presets/draft.ts';
import type { Delivery, EmulatorClient, EmulatorInfo, InboxItem, RequestLogEntry, SessionView, TransactionView } from '../../sw/emulatorClient.ts';

/** Targets that are an emulator of ours: the panel shows only for these. */
export const servesEmulator = (target: TargetKind): boolean => target === 'emulator' || target === 'local-server';

/** Fields whose URL receives a pushback: the panel offers the inbox for them. */
export const PUSHBACK_URL_FIELDS: ReadonlySet<string> = new Set(['return_url', 'callback_url', 'pushback_url']);

/** The admin calls the panel makes (EmulatorClient; a fake in tests). */
export type AdminClient = Pick<EmulatorClient, 'info' | 'transactions' | 'sessions' | 'deliveries' | 'inbox' | 'merchants' | 'resend' | 'reset' | 'setRateLimits' | 'requests'>;

/** Which requests the log shows: all, or the refused ones; and part of the path. */
export interface RequestLogFilter {
  refusedOnly: boolean;
  path: string;
}

/** The doctor's history state for a logged request (what "Open the doctor with this request" passes), or
 *  undefined when the log could not keep it whole. The log holds no key, so neither does this. */
export function doctorStateOf(entry: RequestLogEntry): { endpoint?: string; wire: [string, string][] } | undefined {
  if (!entry.request || entry.request.truncated || !entry.request.fields.length) return undefined;
  return { ...(entry.endpoint ? { endpoint: entry.endpoint } : {}), wire: entry.request.fields };
}

/** What the page can say about a delivery's X-PayWay-HMAC-SHA512 header. */
export type SignatureCheck =
  | { state: 'valid' | 'invalid'; merchantId: string }
  /** Payment-link pushbacks carry none; "pending" is a header not computed yet (nothing sent). */
  | { state: 'unsigned' | 'pending' | 'unknown-merchant' };

export interface EmulatorDeps {
  target: () => TargetKind;
  /** document.baseURI: the in-page emulator is at <base>mock/, the local server's at /mock/. */
  baseURI: () => string;
  /** Makes sure the in-page emulator (service worker) runs before asking it anything. */
  start?: () => Promise<boolean>;
  client?: (root: URL) => AdminClient;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class EmulatorState {
  info = $state.raw<EmulatorInfo | undefined>();
  transactions = $state.raw<TransactionView[]>([]);
  sessions = $state.raw<SessionView[]>([]);
  deliveries = $state.raw<Delivery[]>([]);
  inbox = $state.raw<InboxItem[]>([]);
  /** The emulator's request log as filtered (newest first); [] from an emulator without one. */
  requests = $state.raw<RequestLogEntry[]>([]);
  requestFilter = $state<RequestLogFilter>({ refusedOnly: false, path: '' });
  /** Delivery id → what its signature says. */
  signatures = $state.raw<Record<string, SignatureCheck>>({});
  loading = $state(false);
  error = $state<string | undefined>();
  /** The last action's outcome, in words ("Emulator reset.", "Resent: HTTP 200"). */
  note = $state('');
  refreshedAt = $state.raw<Date | undefined>();

  /** An older emulator (or another server) has no inbox: the panel then does without it. */
  inboxUrl = $derived(typeof this.info?.inboxUrl === 'string' && this.info.inboxUrl ? this.info.inboxUrl : undefined);
  /** The inbox URL to offer in return_url / callback_url, when the target is this emulator. */
  offeredInboxUrl = $derived(servesEmulator(this.#target()) ? this.inboxUrl : undefined);

  #deps: EmulatorDeps;
  #sequence = 0;
  #keys = new Map<string, string>();

  constructor(deps: EmulatorDeps) {
    this.#deps = deps;
  }

  #target(): TargetKind {
    return this.#deps.target();
  }

  async #client(): Promise<AdminClient> {
    const target = this.#deps.target();
    const root = new URL(target === 'local-server' ? '/mock/' : 'mock/', this.#deps.baseURI());
    if (this.#deps.client) return this.#deps.client(root);
    const { EmulatorClient } = await import('../../sw/emulatorClient.ts');
    return new EmulatorClient(root);
  }

  /** Reads everything again. A refresh that an older one overtakes is dropped. */
  async refresh(): Promise<void> {
    const sequence = ++this.#sequence;
    this.loading = true;
    let running: boolean | undefined;
    try {
      if (this.#deps.target() === 'emulator') running = await this.#deps.start?.();
      const client = await this.#client();
      const info = await client.info();
      const hasInbox = typeof info.inboxUrl === 'string' && info.inboxUrl !== '';
      const filter = this.requestFilter;
      const [transactions, sessions, deliveries, merchants, inbox, requests] = await Promise.all([
        client.transactions(),
        client.sessions(),
        client.deliveries(),
        client.merchants(),
        hasInbox ? client.inbox() : Promise.resolve([]),
        // An older emulator has no request log: the panel does without it.
        client.requests({ limit: 50, ...(filter.refusedOnly ? { outcome: 'refused' as const } : {}), ...(filter.path ? { path: filter.path } : {}) }).catch(() => []),
      ]);
      if (sequence !== this.#sequence) return;
      for (const m of merchants) this.#keys.set(m.merchantId, m.apiKey);
      this.signatures = await this.#check(deliveries);
      if (sequence !== this.#sequence) return;
      this.info = info;
      this.transactions = transactions;
      this.sessions = sessions;
      this.deliveries = deliveries;
      this.inbox = inbox;
      this.requests = requests;
      this.error = undefined;
      this.refreshedAt = new Date();
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.error =
        running === false
          ? `The in-page emulator cannot run in this browser (no service worker here), and this server has no emulator at mock/ (${message(error)}). Run \`npx payway start\` and choose "Local server".`
          : `The emulator did not answer: ${message(error)}`;
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  /** Shows other requests of the log (read again at once). */
  async filterRequests(change: Partial<RequestLogFilter>): Promise<void> {
    this.requestFilter = { ...this.requestFilter, ...change };
    await this.refresh();
  }

  async resend(deliveryId: string): Promise<void> {
    await this.#act(async (client) => {
      const { attempt } = await client.resend(deliveryId);
      return attempt.ok ? `Resent: HTTP ${attempt.status}.` : `Resent, and it failed: ${attempt.error ?? `HTTP ${attempt.status}`}.`;
    });
  }

  async reset(): Promise<void> {
    await this.#act(async (client) => {
      await client.reset();
      return 'Emulator reset: it is as new (demo merchant and demo data only); its settings are kept.';
    });
  }

  async setRateLimits(on: boolean): Promise<void> {
    await this.#act(async (client) => {
      await client.setRateLimits(on);
      return on ? 'Rate limits on: the emulator answers "too many requests" as PayWay does.' : 'Rate limits off.';
    });
  }

  async #act(action: (client: AdminClient) => Promise<string>): Promise<void> {
    try {
      if (this.#deps.target() === 'emulator') await this.#deps.start?.();
      this.note = await action(await this.#client());
      this.error = undefined;
    } catch (error) {
      this.error = message(error);
    }
    await this.refresh();
  }

  /** Verifies each signed delivery with its merchant's API key, as the merchant's backend would. */
  async #check(deliveries: readonly Delivery[]): Promise<Record<string, SignatureCheck>> {
    const out: Record<string, SignatureCheck> = {};
    if (!deliveries.length) return out;
    const { PUSHBACK_SIGNATURE_HEADER, verifyPushback } = await import('../../core/callbacks/pushbackSignature.ts');
    await Promise.all(
      deliveries.map(async (d) => {
        const header = d.headers[PUSHBACK_SIGNATURE_HEADER];
        const key = this.#keys.get(d.merchantId);
        if (header === undefined) out[d.id] = { state: 'unsigned' };
        else if (header === '') out[d.id] = { state: 'pending' };
        else if (key === undefined) out[d.id] = { state: 'unknown-merchant' };
        else out[d.id] = { state: (await verifyPushback(d.body, header, key)).valid ? 'valid' : 'invalid', merchantId: d.merchantId };
      }),
    );
    return out;
  }
}

const KEY = Symbol('payway-emulator');

export const setEmulatorState = (state: EmulatorState): EmulatorState => setContext(KEY, state);
export const getEmulatorState = (): EmulatorState => getContext<EmulatorState>(KEY);
