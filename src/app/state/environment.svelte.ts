// Where requests go and with which credentials. Secrets stay in memory unless the user ticks
// "remember on this device"; then they are kept as one environment record of the preset store
// (storage/rememberedEnvironment.ts), and unticking deletes it.
import { DEMO_PARTNER, DEMO_MERCHANT } from '../../core/demoMerchant.ts';
import type { Credentials, TargetKind } from '../../core/presets/draft.ts';
import type { EmulatorHome } from '../emulatorHome.ts';

export const TARGETS: readonly { kind: TargetKind; label: string }[] = [
  { kind: 'emulator', label: 'In-page emulator (demo merchant)' },
  { kind: 'local-server', label: 'Local server (npx payway start)' },
  { kind: 'sandbox-proxy', label: 'PayWay sandbox through the local proxy' },
  { kind: 'sandbox', label: 'PayWay sandbox, direct' },
  { kind: 'production', label: 'PayWay production' },
  { kind: 'custom', label: 'Custom URL' },
];

/** What the target list says, knowing where the emulator runs: under `payway start` the "emulator" target
 *  is the server's emulator (the service worker steps aside for it), on a static host the page's own. */
export function targetChoices(home: EmulatorHome | undefined): { kind: TargetKind; label: string }[] {
  return TARGETS.map((t) =>
    t.kind !== 'emulator'
      ? t
      : { kind: t.kind, label: home === 'server' ? 'Emulator on this server (demo merchant)' : home === 'page' ? t.label : 'Built-in emulator (demo merchant)' },
  );
}

/** The demo partner's key, shared with the emulator through the core. */
export const DEMO_PARTNER_KEY = DEMO_PARTNER.partnerKey;

export const CREDENTIALS_KEY = 'payway-playground:credentials';

/** What "remember on this device" stores (version 1). */
export interface RememberedEnvironment {
  version: 1;
  target: TargetKind;
  customUrl: string;
  merchantId: string;
  apiKey: string;
  rsaPublicKeyPem: string;
  partnerKey: string;
}

/** Where the remembered environment is kept (the preset store in the app; a Map-backed fake in tests). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Where a saved copy is, in words for the bar. */
  describe?(): string;
}

const isTarget = (value: unknown): value is TargetKind => TARGETS.some((t) => t.kind === value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Anything read back from storage, made safe to use (unknown versions and shapes give undefined). */
export function restoreRemembered(raw: unknown): RememberedEnvironment | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (r.version !== 1) return undefined;
  return {
    version: 1,
    target: isTarget(r.target) ? r.target : 'emulator',
    customUrl: text(r.customUrl),
    merchantId: text(r.merchantId),
    apiKey: text(r.apiKey),
    rsaPublicKeyPem: text(r.rsaPublicKeyPem),
    partnerKey: text(r.partnerKey),
  };
}

export type EnvironmentField = 'customUrl' | 'merchantId' | 'apiKey' | 'rsaPublicKeyPem' | 'partnerKey';

export class EnvironmentState {
  target = $state<TargetKind>('emulator');
  customUrl = $state('');
  merchantId = $state<string>(DEMO_MERCHANT.merchantId);
  apiKey = $state<string>(DEMO_MERCHANT.apiKey);
  rsaPublicKeyPem = $state<string>(DEMO_MERCHANT.rsaPublicKeyPem);
  partnerKey = $state<string>(DEMO_PARTNER_KEY);
  remember = $state(false);
  /** Where the emulator target runs: on the server that serves the page, or in the page (undefined: not known yet). */
  emulatorHome = $state<EmulatorHome | undefined>();
  targets = $derived(targetChoices(this.emulatorHome));
  /** What storage did last, in words for the UI ("Saved on this device.", or why it failed). */
  storageNote = $state('');

  credentials: Credentials = $derived({ apiKey: this.apiKey, rsaPublicKeyPem: this.rsaPublicKeyPem, partnerKey: this.partnerKey });
  usesDemoCredentials = $derived(
    this.merchantId === DEMO_MERCHANT.merchantId && this.apiKey === DEMO_MERCHANT.apiKey && this.rsaPublicKeyPem === DEMO_MERCHANT.rsaPublicKeyPem,
  );

  #store: KeyValueStore | undefined;
  // Writes are chained so a quick "tick, type, untick" cannot leave a stale copy behind.
  #writes: Promise<void> = Promise.resolve();

  constructor(store?: KeyValueStore) {
    this.#store = store;
  }

  /** Loads remembered credentials, if any. Call once at start, off the first-paint path. */
  async restore(): Promise<void> {
    if (!this.#store) return;
    try {
      const saved = restoreRemembered(await this.#store.get(CREDENTIALS_KEY));
      if (!saved) return;
      this.target = saved.target;
      this.customUrl = saved.customUrl;
      this.merchantId = saved.merchantId;
      this.apiKey = saved.apiKey;
      this.rsaPublicKeyPem = saved.rsaPublicKeyPem;
      this.partnerKey = saved.partnerKey;
      this.remember = true;
      this.storageNote = 'Credentials loaded from this device.';
    } catch (error) {
      this.storageNote = `Could not read remembered credentials: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  set(field: EnvironmentField, value: string): void {
    this[field] = value;
    this.#persist();
  }

  setTarget(target: TargetKind): void {
    this.target = target;
    this.#persist();
  }

  useDemoMerchant(): void {
    this.merchantId = DEMO_MERCHANT.merchantId;
    this.apiKey = DEMO_MERCHANT.apiKey;
    this.rsaPublicKeyPem = DEMO_MERCHANT.rsaPublicKeyPem;
    this.partnerKey = DEMO_PARTNER_KEY;
    this.#persist();
  }

  /** Ticking stores the credentials now; unticking deletes the stored copy. */
  setRemember(on: boolean): Promise<void> {
    this.remember = on;
    if (on) return this.#persist();
    return this.#write(async (store) => {
      await store.del(CREDENTIALS_KEY);
      this.storageNote = 'Forgotten: nothing is stored on this device.';
    });
  }

  snapshot(): RememberedEnvironment {
    return {
      version: 1,
      target: this.target,
      customUrl: this.customUrl,
      merchantId: this.merchantId,
      apiKey: this.apiKey,
      rsaPublicKeyPem: this.rsaPublicKeyPem,
      partnerKey: this.partnerKey,
    };
  }

  #persist(): Promise<void> {
    if (!this.remember) return this.#writes;
    const snapshot = this.snapshot();
    return this.#write(async (store) => {
      await store.set(CREDENTIALS_KEY, snapshot);
      this.storageNote = store.describe?.() ?? 'Saved in this browser (IndexedDB) on this device.';
    });
  }

  #write(action: (store: KeyValueStore) => Promise<void>): Promise<void> {
    const store = this.#store;
    if (!store) return this.#writes;
    this.#writes = this.#writes.then(() =>
      action(store).catch((error: unknown) => {
        this.storageNote = `Could not update this device's storage: ${error instanceof Error ? error.message : String(error)}`;
      }),
    );
    return this.#writes;
  }
}
