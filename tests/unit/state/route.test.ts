import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT, Router, hrefOf, parseRoute, type RouterWindow } from '../../../src/app/state/route.svelte.ts';

/** A window with a hash and a history stack, enough for the router. */
function fakeWindow(hash = '') {
  const listeners = new Map<string, Set<() => void>>();
  const entries: { state: unknown; hash: string }[] = [{ state: null, hash }];
  let index = 0;
  const win: RouterWindow & { back(): void; setHash(hash: string): void } = {
    location: { hash },
    history: {
      get state() {
        return entries[index]!.state;
      },
      pushState(state, _unused, url) {
        entries.splice(index + 1, Infinity, { state, hash: url });
        index++;
        win.location.hash = url;
      },
      replaceState(state, _unused, url) {
        entries[index] = { state, hash: url };
        win.location.hash = url;
      },
    },
    addEventListener: (type, listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    removeEventListener: (type, listener) => void listeners.get(type)?.delete(listener),
    back() {
      index--;
      win.location.hash = entries[index]!.hash;
      for (const l of listeners.get('popstate') ?? []) l();
    },
    setHash(next) {
      entries.splice(index + 1, Infinity, { state: null, hash: next });
      index++;
      win.location.hash = next;
      for (const l of listeners.get('hashchange') ?? []) l();
    },
  };
  return win;
}

describe('parseRoute', () => {
  it('reads an endpoint id, the doctor, and nothing else', () => {
    expect(parseRoute('#/check-transaction')).toEqual({ page: 'endpoint', endpoint: 'check-transaction' });
    expect(parseRoute('#/doctor')).toEqual({ page: 'doctor' });
    expect(parseRoute('#/refund?x=1')).toEqual({ page: 'endpoint', endpoint: 'refund' });
    expect(parseRoute('#/no-such-endpoint')).toBeUndefined();
    expect(parseRoute('')).toBeUndefined();
  });

  it('round-trips through hrefOf', () => {
    expect(parseRoute(hrefOf({ page: 'endpoint', endpoint: 'payout' }))).toEqual({ page: 'endpoint', endpoint: 'payout' });
  });
});

describe('Router', () => {
  it('rewrites an empty or unknown hash to the default endpoint in place', () => {
    const win = fakeWindow('#/nonsense');
    const router = new Router(win);
    expect(router.endpoint).toBe(DEFAULT_ENDPOINT);
    expect(win.location.hash).toBe(`#/${DEFAULT_ENDPOINT}`);
  });

  it('follows hash changes and back navigation', () => {
    const win = fakeWindow('#/refund');
    const router = new Router(win);
    expect(router.endpoint).toBe('refund');
    win.setHash('#/payout');
    expect(router.endpoint).toBe('payout');
    win.back();
    expect(router.endpoint).toBe('refund');
  });

  it('navigates to the doctor with the request in the history state', () => {
    const win = fakeWindow('#/check-transaction');
    const router = new Router(win);
    const state = { endpoint: 'check-transaction', wire: { tran_id: '1' } };
    router.navigate({ page: 'doctor' }, state);
    expect(router.current).toEqual({ page: 'doctor' });
    expect(router.endpoint).toBeUndefined();
    expect(router.state).toEqual(state);
    expect(win.location.hash).toBe('#/doctor');
    win.back();
    expect(router.endpoint).toBe('check-transaction');
    router.destroy();
  });
});
