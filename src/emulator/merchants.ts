// Who may call the emulator: merchants (the demo one plus any the user adds) and partners, with the
// keys the emulator checks hashes and decrypts merchant_auth with.
import { DEMO_MERCHANT, DEMO_PARTNER as CORE_DEMO_PARTNER } from '../core/demoMerchant.ts';
import type { Currency } from './money.ts';

export interface MerchantCredentials {
  merchantId: string;
  /** The HMAC key ("public_key" / API key in PayWay's docs). */
  apiKey: string;
  rsaPublicKeyPem: string;
  rsaPrivateKeyPem: string;
  name?: string;
  /** The profile's first account currency: Purchase's default currency. */
  currency?: Currency;
}

export interface Merchant extends Required<MerchantCredentials> {
  /** Given in the options (the demo merchant): not saved, not removable. */
  builtIn: boolean;
}

export interface PartnerCredentials {
  partnerId: string;
  partnerKey: string;
  rsaPublicKeyPem: string;
  rsaPrivateKeyPem: string;
}

export const DEMO_MERCHANT_NAME = 'PayWay Playground Demo';

export const DEMO_MERCHANT_CREDENTIALS: MerchantCredentials = { ...DEMO_MERCHANT, name: DEMO_MERCHANT_NAME, currency: 'USD' };

/** The demo partner (src/core/demoMerchant.ts), re-exported for the emulator's callers. */
export const DEMO_PARTNER: PartnerCredentials = CORE_DEMO_PARTNER;

export function completeMerchant(credentials: MerchantCredentials, builtIn: boolean): Merchant {
  return {
    merchantId: credentials.merchantId,
    apiKey: credentials.apiKey,
    rsaPublicKeyPem: credentials.rsaPublicKeyPem,
    rsaPrivateKeyPem: credentials.rsaPrivateKeyPem,
    name: credentials.name ?? `Merchant ${credentials.merchantId}`,
    currency: credentials.currency ?? 'USD',
    builtIn,
  };
}
