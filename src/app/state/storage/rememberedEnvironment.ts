// "Remember on this device" for the environment bar, kept as one environment record of the preset
// store, so remembered secrets live in one place, written one way, and the storage panel can say where.
// EnvironmentState talks to it through its small get/set/del interface. Earlier builds kept the same
// data under its own idb-keyval key: the first read moves that copy into the store and deletes it.
import { del as legacyDel, get as legacyGet } from 'idb-keyval';
import type { PresetStore } from '../../../core/presets/presetStore.ts';
import type { EnvironmentRef, StoredEnvironment } from '../../../core/presets/schema.ts';
import { CREDENTIALS_KEY, restoreRemembered, TARGETS, type EnvironmentState, type KeyValueStore, type RememberedEnvironment } from '../environment.svelte.ts';

/** The id of the environment record the bar remembers. */
export const THIS_DEVICE_ENVIRONMENT = 'this-device';

export const targetLabel = (target: string): string => TARGETS.find((t) => t.kind === target)?.label ?? target;

/** The bar's environment as presets and history name it: never a secret. */
export function environmentRefOf(environment: EnvironmentState): EnvironmentRef {
  const ref: EnvironmentRef = { id: THIS_DEVICE_ENVIRONMENT, name: targetLabel(environment.target), target: environment.target, merchantId: environment.merchantId };
  if (environment.target === 'custom' && environment.customUrl) ref.customUrl = environment.customUrl;
  return ref;
}

function toRemembered(environment: StoredEnvironment): RememberedEnvironment {
  return {
    version: 1,
    target: environment.target,
    customUrl: environment.customUrl ?? '',
    merchantId: environment.merchantId,
    apiKey: environment.secrets?.apiKey ?? '',
    rsaPublicKeyPem: environment.secrets?.rsaPublicKeyPem ?? '',
    partnerKey: environment.secrets?.partnerKey ?? '',
  };
}

async function save(store: PresetStore, remembered: RememberedEnvironment): Promise<void> {
  const { target, customUrl, merchantId, apiKey, rsaPublicKeyPem, partnerKey } = remembered;
  await store.saveEnvironment(
    { id: THIS_DEVICE_ENVIRONMENT, name: targetLabel(target), target, customUrl: customUrl || undefined, merchantId },
    { remember: true, secrets: { apiKey, rsaPublicKeyPem, partnerKey } },
  );
}

/** Where earlier builds kept it: idb-keyval's default database. */
const idbKeyval: Pick<KeyValueStore, 'get' | 'del'> = { get: legacyGet, del: legacyDel };

/** Resolves after the next frame is painted: the store (a lazy chunk) is never on the first-paint path. */
const afterPaint = () => new Promise<void>((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : resolve()));
const pageStore = () =>
  afterPaint()
    .then(() => import('./presetStoreConnection.ts'))
    .then((m) => m.connectPresetStore());

/** `connect` is the page's store and `legacy` the old key's store (tests pass their own). */
export function rememberedEnvironmentStore(
  connect: () => Promise<PresetStore> = pageStore,
  legacy: Pick<KeyValueStore, 'get' | 'del'> = idbKeyval,
): KeyValueStore {
  let kind: PresetStore['backendKind'] | undefined;
  const store = async () => {
    const opened = await connect();
    kind = opened.backendKind;
    return opened;
  };
  return {
    async get(key) {
      if (key !== CREDENTIALS_KEY) return undefined;
      const opened = await store();
      const stored = opened.environments().find((e) => e.id === THIS_DEVICE_ENVIRONMENT && e.rememberSecrets);
      if (stored) return toRemembered(stored);
      // Without IndexedDB the old key cannot be read either: the failure just means "nothing there".
      const earlier = restoreRemembered(await legacy.get(CREDENTIALS_KEY).catch(() => undefined));
      if (!earlier) return undefined;
      await save(opened, earlier);
      await legacy.del(CREDENTIALS_KEY).catch(() => {});
      return earlier;
    },
    async set(key, value) {
      const remembered = restoreRemembered(value);
      if (key === CREDENTIALS_KEY && remembered) await save(await store(), remembered);
    },
    async del(key) {
      if (key !== CREDENTIALS_KEY) return;
      await (await store()).deleteEnvironment(THIS_DEVICE_ENVIRONMENT);
    },
    describe() {
      return kind === 'memory'
        ? 'IndexedDB is unavailable here, so they are kept in memory only, until this tab closes.'
        : 'Saved in this browser (IndexedDB) on this device; the Storage section under Saved says more.';
    },
  };
}
