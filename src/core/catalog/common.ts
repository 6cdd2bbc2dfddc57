// Building blocks shared by the family files: hosts and the fields that recur on many endpoints.
import type { CodeSpec, FieldSpec, HashPart, HashRecipe } from './types.ts';

export const HOSTS = {
  sandbox: 'https://checkout-sandbox.payway.com.kh',
  production: 'https://checkout.payway.com.kh',
} as const;

/** Demo merchant id used in examples and by the emulator's demo merchant. */
export const DEMO_MERCHANT_ID = 'ec000002';

/** The partner id from the docs' examples (ABA hands it out already encrypted); the emulator's demo partner. */
export const DEMO_PARTNER_ID = 'zrH94FN0VmyQx7GS1Ir21A==';

export const reqTime = (name: 'req_time' | 'request_time' = 'req_time'): FieldSpec => ({
  name,
  type: 'string',
  required: true,
  format: 'req-time',
  encoding: 'none',
  description: 'Request time in UTC as YYYYMMDDHHmmss (14 digits).',
  example: '20250213065545',
});

export const merchantId = (maxLength = 20): FieldSpec => ({
  name: 'merchant_id',
  type: 'string',
  required: true,
  maxLength,
  encoding: 'none',
  description: 'Your merchant id from ABA.',
  example: DEMO_MERCHANT_ID,
});

export const tranId = (description = 'Your unique id for this transaction.'): FieldSpec => ({
  name: 'tran_id',
  type: 'string',
  required: true,
  maxLength: 20,
  format: 'tran-id',
  encoding: 'none',
  description,
  example: '17394277693',
});

export const merchantAuth = (description: string): FieldSpec => ({
  name: 'merchant_auth',
  type: 'json',
  required: true,
  encoding: 'rsa',
  description,
});

/** The usual recipe: HMAC-SHA512 keyed with the API key, Base64 output. */
export const sha512Base64 = (fields: readonly HashPart[]): HashRecipe => ({
  fields,
  algorithm: 'HMAC-SHA512',
  output: 'base64',
  key: 'api-key',
});

export const code = (code: string, message: string, more: Partial<CodeSpec> = {}): CodeSpec => ({ code, message, ...more });
