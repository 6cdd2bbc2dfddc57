// A share link the page was opened with (or that was pasted into the address bar): read, summarised,
// and loaded only when the person says so. A damaged link or one from a newer version gets a message.
import { readShareLink, ShareLinkError, type SharedPreset } from '../../core/presets/shareLink.ts';

export class IncomingLink {
  shared = $state.raw<SharedPreset | undefined>();
  problem = $state.raw<{ kind: ShareLinkError['kind']; message: string } | undefined>();

  async read(fragment: string): Promise<void> {
    try {
      this.shared = await readShareLink(fragment);
      this.problem = undefined;
    } catch (error) {
      this.shared = undefined;
      this.problem = error instanceof ShareLinkError ? { kind: error.kind, message: error.message } : { kind: 'damaged', message: `This share link cannot be read: ${String(error)}` };
    }
  }

  dismiss(): void {
    this.shared = undefined;
    this.problem = undefined;
  }
}
