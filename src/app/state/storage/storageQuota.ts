// Persistent storage and the usage/quota figures the storage panel shows.

export interface StorageStatus {
  /** The browser will not evict our data under storage pressure. */
  persisted: boolean;
  /** Bytes used and available to this site, when the browser tells. */
  usage?: number;
  quota?: number;
}

/** Asks once for persistent storage (Chromium decides silently; Firefox may prompt). */
export async function requestPersistence(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

export async function storageStatus(): Promise<StorageStatus> {
  const storage = navigator.storage;
  if (!storage?.estimate) return { persisted: false };
  const [persisted, estimate] = await Promise.all([storage.persisted?.() ?? Promise.resolve(false), storage.estimate()]);
  return { persisted, usage: estimate.usage, quota: estimate.quota };
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}
