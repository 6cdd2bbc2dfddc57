import { describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { DEMO_PARTNER } from '../../../src/emulator/merchants.ts';
import { CREDENTIALS_KEY, DEMO_PARTNER_KEY, EnvironmentState, restoreRemembered, type KeyValueStore } from '../../../src/app/state/environment.svelte.ts';

function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    del: async (key) => void data.delete(key),
  };
}

describe('EnvironmentState', () => {
  it('starts on the emulator with the demo merchant, stored nowhere', async () => {
    const store = memoryStore();
    const env = new EnvironmentState(store);
    await env.restore();
    expect(env.target).toBe('emulator');
    expect(env.merchantId).toBe(DEMO_MERCHANT.merchantId);
    expect(env.credentials.apiKey).toBe(DEMO_MERCHANT.apiKey);
    expect(env.usesDemoCredentials).toBe(true);
    expect(env.remember).toBe(false);
    expect(store.data.size).toBe(0);
  });

  it('keeps credentials in memory until "remember" is ticked', async () => {
    const store = memoryStore();
    const env = new EnvironmentState(store);
    env.set('apiKey', 'my-key');
    expect(store.data.size).toBe(0);
    await env.setRemember(true);
    expect(store.data.get(CREDENTIALS_KEY)).toMatchObject({ version: 1, apiKey: 'my-key' });
    expect(env.storageNote).toMatch(/this device/);
  });

  it('saves every change while remembered, and unticking deletes the stored copy', async () => {
    const store = memoryStore();
    const env = new EnvironmentState(store);
    await env.setRemember(true);
    env.set('merchantId', 'mc-1');
    env.setTarget('sandbox');
    await env.setRemember(false);
    expect(store.data.has(CREDENTIALS_KEY)).toBe(false);
    env.set('apiKey', 'after-untick');
    await env.setRemember(false);
    expect(store.data.has(CREDENTIALS_KEY)).toBe(false);
  });

  it('restores remembered credentials on the next visit', async () => {
    const store = memoryStore();
    const first = new EnvironmentState(store);
    first.set('apiKey', 'kept');
    first.setTarget('sandbox-proxy');
    await first.setRemember(true);
    const second = new EnvironmentState(store);
    await second.restore();
    expect(second.apiKey).toBe('kept');
    expect(second.target).toBe('sandbox-proxy');
    expect(second.remember).toBe(true);
    expect(second.usesDemoCredentials).toBe(false);
  });

  it('says so when storage fails, instead of throwing', async () => {
    const broken: KeyValueStore = {
      get: async () => Promise.reject(new Error('blocked')),
      set: async () => Promise.reject(new Error('quota')),
      del: async () => undefined,
    };
    const env = new EnvironmentState(broken);
    await env.restore();
    expect(env.storageNote).toContain('blocked');
    await env.setRemember(true);
    expect(env.storageNote).toContain('quota');
  });

  it('fills in the partner key the emulator’s demo partner has', () => {
    expect(DEMO_PARTNER_KEY).toBe(DEMO_PARTNER.partnerKey);
    expect(new EnvironmentState().credentials.partnerKey).toBe(DEMO_PARTNER.partnerKey);
  });

  it('goes back to the demo merchant on request', () => {
    const env = new EnvironmentState();
    env.set('apiKey', 'x');
    env.useDemoMerchant();
    expect(env.usesDemoCredentials).toBe(true);
  });
});

describe('restoreRemembered', () => {
  it('accepts version 1 and fills gaps; refuses anything else', () => {
    expect(restoreRemembered({ version: 1, apiKey: 'k', target: 'nowhere', merchantId: 5 })).toEqual({
      version: 1,
      target: 'emulator',
      customUrl: '',
      merchantId: '',
      apiKey: 'k',
      rsaPublicKeyPem: '',
      partnerKey: '',
    });
    expect(restoreRemembered({ version: 2 })).toBeUndefined();
    expect(restoreRemembered('text')).toBeUndefined();
    expect(restoreRemembered(null)).toBeUndefined();
  });
});
