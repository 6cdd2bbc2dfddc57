// The demo merchant and the demo partner: credentials anyone may use against the built-in emulator.
// They are published on purpose (this file is in the repository) and are worthless against real PayWay.
import { DEMO_MERCHANT_ID, DEMO_PARTNER_ID } from './catalog/common.ts';

export const DEMO_MERCHANT = {
  merchantId: DEMO_MERCHANT_ID,
  apiKey: 'demo-api-key-not-real',
  rsaPublicKeyPem: `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCps+mtwPjRfiDsdYfMjhuJK4/7
A7P+dPKR3Pg9JM3oQDfxJAynGLStKcg2b7JJGyAjkLUjE6Qo4Q/OdacMv7peN681
+EZN9trcplQLhtBOy/Xdv+frl5ZQyVoA5jiMU9AmR33fFfWC8Z6LE23y2QBmCDpp
OzDn6+Jn+DoydfN2iQIDAQAB
-----END PUBLIC KEY-----
`,
  rsaPrivateKeyPem: `-----BEGIN PRIVATE KEY-----
MIICeAIBADANBgkqhkiG9w0BAQEFAASCAmIwggJeAgEAAoGBAKmz6a3A+NF+IOx1
h8yOG4krj/sDs/508pHc+D0kzehAN/EkDKcYtK0pyDZvskkbICOQtSMTpCjhD851
pwy/ul43rzX4Rk322tymVAuG0E7L9d2/5+uXllDJWgDmOIxT0CZHfd8V9YLxnosT
bfLZAGYIOmk7MOfr4mf4OjJ183aJAgMBAAECgYEAlALfJTTRz6X6gUJhFwA69ACS
q5QnQSAvERlxSaL4FEEuiZuvjW3257ExdoklLq4B8gMceWOAIkdpyeDDulLe8DFm
hfHp72iF0qjiv+Hynut/WSsnwa9TbYJSivNqW1dwpQQjfuUnQZp4rxji4dVSjKGX
IyLlaXvGK93zL/EHKoECQQDhIiSPrY0jvLPZlTyyEVuwayyul+9iLvtRMDkRY6Pc
i3SpFCYCZ2HVrDq1XYLspviYqFK4cV9XjruBwmnnaDElAkEAwPg8eS+o/LpcU/n+
kgVHUJOp9lQw/Tx/CpjdDSrVCdP0fZdR68sCQKAdVuzh5Snx6fJN25ouCJglHgJ8
5wKslQJBAJbRyKx4F5VZVSLuVzrzZflJ0yUjo7qivrolFBYSKjQVOJIMbWou19vN
BYd6nbrsIJ4kJUZqrPR7KiJDm67qngECQF9kFxjdG49bXLrSkSqD234UkOdJNTJq
Dm8ho9yXeNqz4V+YRxHluAZUYEyRKxYKxyCb/Cr7q5fqBicwmafk5YUCQQDYK7dC
JOr5cZyXmJwnb+SObdLGxOstp4QHPw34LHBEukwC1buQoZjkFMHq//fldkVnJYNB
3YosuCQPOD7cocV0
-----END PRIVATE KEY-----
`,
} as const;

/**
 * The demo partner for the partner self-activation APIs: the partner id of the catalog's examples, a
 * published partner key, and the demo merchant's RSA key pair.
 */
export const DEMO_PARTNER = {
  partnerId: DEMO_PARTNER_ID,
  partnerKey: 'demo-partner-key-not-real',
  rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem,
  rsaPrivateKeyPem: DEMO_MERCHANT.rsaPrivateKeyPem,
} as const;
