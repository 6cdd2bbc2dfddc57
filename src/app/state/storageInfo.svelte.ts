// Where saved data lives and how safe it is there: IndexedDB or memory (and why), whether the browser
// has promised to keep it (persistent storage), and how much of the site's quota it uses.
import { formatBytes, requestPersistence, storageStatus } from './storage/storageQuota.ts';

export class StorageInfo {
  persisted = $state<boolean | undefined>();
  usage = $state<number | undefined>();
  quota = $state<number | undefined>();
  /** The browser was asked and said no (it decides by itself how much the site is used). */
  refused = $state(false);

  summary = $derived(this.usage !== undefined && this.quota !== undefined ? `${formatBytes(this.usage)} of ${formatBytes(this.quota)}` : undefined);
  #asked = false;

  async refresh(): Promise<void> {
    try {
      const status = await storageStatus();
      this.persisted = status.persisted;
      this.usage = status.usage;
      this.quota = status.quota;
    } catch {
      this.persisted = false;
    }
  }

  /** Asks once per page for persistent storage; `force` asks again (the user pressed the button). */
  async ask(force = false): Promise<void> {
    if (this.#asked && !force) return;
    this.#asked = true;
    try {
      const granted = await requestPersistence();
      this.refused = !granted;
    } catch {
      this.refused = true;
    }
    await this.refresh();
  }
}
