// Who may call the emulator: merchants (the demo one plus any the user adds) and partners, with the
// keys the emulator checks hashes and decrypts merchant_auth with.
import { getEndpoint } from '../core/catalog/index.ts';
import { DEMO_MERCHANT } from '../core/demoMerchant.ts';
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

/**
 * The demo partner for the partner self-activation APIs: the partner id of the catalog's examples, a
 * published partner key, and the demo merchant's RSA key pair. Worthless against real PayWay.
 */
export const DEMO_PARTNER: PartnerCredentials = {
  partnerId: getEndpoint('partner-register-merchant').fields.find((f) => f.name === 'partner_id')!.example!,
  partnerKey: 'demo-partner-key-not-real',
  rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem,
  rsaPrivateKeyPem: DEMO_MERCHANT.rsaPrivateKeyPem,
};

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
