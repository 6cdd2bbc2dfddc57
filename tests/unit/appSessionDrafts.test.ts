// The form's draft kept in sessionStorage: it comes back after a reload, a burst of edits is written
// once, nothing secret is ever written, and whatever is read back is checked before the form sees it.
import { describe, expect, it, vi } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { EnvironmentState } from '../../src/app/state/environment.svelte.ts';
import { Playground } from '../../src/app/state/playground.svelte.ts';
import { restoreSessionDraft, SESSION_DRAFT_PREFIX, SessionDrafts } from '../../src/app/state/sessionDrafts.ts';

const PLANTED = 'session-planted-key-91f3e0';

/** sessionStorage as the browser has it: text values by key. */
function fakeStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: vi.fn((key: string, value: string) => void map.set(key, String(value))),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** One tab: an environment, a playground that restores from `drafts`, and a clock. */
function tab(storage: ReturnType<typeof fakeStorage>, now = Date.UTC(2025, 1, 13, 6, 55, 45)) {
  const environment = new EnvironmentState();
  const drafts = new SessionDrafts(storage, { delayMs: 10_000 });
  const playground = new Playground(() => ({ credentials: environment.credentials, merchantId: environment.merchantId }), {
    endpoint: 'check-transaction',
    now: () => new Date(now),
    restoreDraft: (id) => drafts.read(id),
  });
  const keep = () => drafts.save(playground.toDraft(), playground.autoTime, environment.credentials);
  return { environment, drafts, playground, keep };
}

describe('session drafts', () => {
  it('bring the form back after a reload, per endpoint, with the variant and verbatim wire values', () => {
    const storage = fakeStorage();
    const before = tab(storage);
    before.playground.setInput('tran_id', 'KEPT-1');
    before.keep();
    before.drafts.flush();
    before.playground.open('refund');
    before.playground.setWire('merchant_auth', 'AAAA');
    before.keep();
    before.drafts.flush();

    const after = tab(storage);
    expect(after.playground.endpoint.id).toBe('check-transaction');
    expect(after.playground.inputs.tran_id).toBe('KEPT-1');
    after.playground.open('refund');
    expect(after.playground.wire).toEqual({ merchant_auth: 'AAAA' });
    // An endpoint never edited starts from the catalog's demo values.
    after.playground.open('exchange-rate');
    expect(storage.map.has(SESSION_DRAFT_PREFIX + 'exchange-rate')).toBe(false);
    expect(after.playground.inputs.req_time).toMatch(/^\d{14}$/);
  });

  it('set a req_time that followed the clock to now again, and keep one the user typed', () => {
    const storage = fakeStorage();
    const before = tab(storage, Date.UTC(2025, 1, 13, 6, 55, 45));
    before.keep();
    before.drafts.flush();
    expect(tab(storage, Date.UTC(2025, 1, 13, 7, 0, 0)).playground.inputs.req_time).toBe('20250213070000');

    before.playground.setInput('req_time', '20200101000000');
    before.keep();
    before.drafts.flush();
    const typed = tab(storage, Date.UTC(2025, 1, 13, 7, 0, 0)).playground;
    expect(typed.inputs.req_time).toBe('20200101000000');
    expect(typed.autoTime).toBe(false);
  });

  it('write a burst of edits once, and at once on flush (the page going away)', () => {
    const storage = fakeStorage();
    const { playground, keep, drafts } = tab(storage);
    for (const id of ['1', '12', '123']) {
      playground.setInput('tran_id', id);
      keep();
    }
    expect(storage.setItem).not.toHaveBeenCalled();
    drafts.flush();
    expect(storage.setItem).toHaveBeenCalledTimes(1);
    expect(JSON.parse(storage.map.get(SESSION_DRAFT_PREFIX + 'check-transaction')!).draft.inputs.tran_id).toBe('123');
  });

  it('never hold a key: credentials are not in a draft, and a copy typed into a field is removed', () => {
    const storage = fakeStorage();
    const { environment, playground, keep, drafts } = tab(storage);
    environment.set('apiKey', PLANTED);
    playground.setInput('tran_id', PLANTED);
    keep();
    drafts.flush();
    playground.open('refund');
    const pemLine = DEMO_MERCHANT.rsaPublicKeyPem.split('\n')[1]!;
    playground.setInput('merchant_auth', `{"mc_id":"ec000002","note":"${Buffer.from(PLANTED).toString('base64')}","pem":"${pemLine}"}`);
    keep();
    drafts.flush();
    const everything = [...storage.map.values()].join('\n');
    expect(everything).toContain('tran_id');
    expect(everything).toContain('mc_id');
    for (const secret of [PLANTED, Buffer.from(PLANTED).toString('base64'), pemLine]) expect(everything).not.toContain(secret);
  });

  it('read back only what is valid: damaged text, another version, another endpoint or a bad draft give nothing', () => {
    const good = JSON.stringify({ v: 1, draft: { endpoint: 'refund', inputs: { request_time: '1' } }, autoTime: false });
    expect(restoreSessionDraft(good, 'refund')).toEqual({ draft: { endpoint: 'refund', inputs: { request_time: '1' } }, autoTime: false });
    expect(restoreSessionDraft(good, 'purchase')).toBeUndefined();
    expect(restoreSessionDraft('{"v":1,"draft":', 'refund')).toBeUndefined();
    expect(restoreSessionDraft(JSON.stringify({ v: 2, draft: { endpoint: 'refund', inputs: {} } }), 'refund')).toBeUndefined();
    expect(restoreSessionDraft(JSON.stringify({ v: 1, draft: { endpoint: 'refund', inputs: 'x' } }), 'refund')).toBeUndefined();
    expect(restoreSessionDraft(null, 'refund')).toBeUndefined();
    // A variant this version does not know falls back to the default one.
    const variant = restoreSessionDraft(JSON.stringify({ v: 1, draft: { endpoint: 'refund', variant: 'nope', inputs: {} }, autoTime: true }), 'refund');
    expect(variant?.draft.variant).toBeUndefined();
  });

  it('keep working when storage throws (disabled, full)', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); }, removeItem: () => {} };
    const drafts = new SessionDrafts(broken);
    expect(drafts.read('refund')).toBeUndefined();
    drafts.save({ endpoint: 'refund', inputs: {} }, true, {});
    expect(() => drafts.flush()).not.toThrow();
  });
});
