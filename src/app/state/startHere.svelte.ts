// The first-visit path: check a demo transaction, pay one on the checkout page and see its pushback
// arrive, copy the code. Each step is ticked by what the person did (wherever they did it); closing the
// path is kept on this device (localStorage: nothing secret, only that it was closed).
export const START_HERE_KEY = 'payway-playground:start-here';

export type StartStep = 'check' | 'pay' | 'code';

type FlagStore = Pick<Storage, 'getItem' | 'setItem'>;

export class StartHere {
  dismissed = $state(false);
  done = $state.raw<ReadonlySet<StartStep>>(new Set());
  /** The tran_id of the purchase the path sent: its pushback ticks the second step. */
  purchaseTranId = $state<string | undefined>();
  #storage: FlagStore | undefined;

  constructor(storage: FlagStore | undefined) {
    this.#storage = storage;
    try {
      this.dismissed = storage?.getItem(START_HERE_KEY) === 'dismissed';
    } catch {
      // Storage refused: the path shows, and closing it lasts for this page.
    }
  }

  mark(step: StartStep): void {
    if (!this.done.has(step)) this.done = new Set([...this.done, step]);
  }

  /** Closes the path for good on this device. */
  dismiss(): void {
    this.dismissed = true;
    try {
      this.#storage?.setItem(START_HERE_KEY, 'dismissed');
    } catch {
      // Nothing to do: it stays closed until the page is reloaded.
    }
  }
}

/** This device's localStorage, or undefined where reading it throws. */
export function browserLocalStorage(): FlagStore | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
