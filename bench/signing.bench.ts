// npm run bench — build + sign a full Purchase (all 24 fields, 50 Khmer and English items) and a refund
// with RSA, through our core (WebCrypto + BigInt RSA), and the bare node:crypto equivalent for scale.
import { constants, createHmac, createPublicKey, publicEncrypt } from 'node:crypto';
import { getEndpoint } from '../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../src/core/signing/buildRequest.ts';
import { measure, printTable, stats } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const credentials = { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };

const items = JSON.stringify(
  Array.from({ length: 50 }, (_, i) => ({ name: i % 2 ? `Iced latte ${i}` : `កាហ្វេទឹកដោះគោ ${i}`, quantity: (i % 3) + 1, price: (0.75 + i / 10).toFixed(2) })),
);
const purchaseInputs: Record<string, string> = {
  req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693', amount: '120.00', items, shipping: '1.50',
  firstname: 'សុខា', lastname: 'Chan', email: 'sokha@example.com', phone: '093939399', type: 'purchase', payment_option: 'abapay_khqr',
  return_url: 'https://merchant.example/payway/pushback', cancel_url: 'https://merchant.example/cancel',
  continue_success_url: 'https://merchant.example/thanks', return_deeplink: '{"ios_scheme":"shop://ok","android_scheme":"shop://ok"}',
  currency: 'USD', custom_fields: '{"order":"A-1001","note":"ខ្ញុំ"}', return_params: 'order=A-1001',
  payout: '[{"acc":"000133879","amt":1}]', lifetime: '30', additional_params: '{"wechat_sub_appid":"x","wechat_sub_openid":"y"}',
  google_pay_token: 'tok_demo', skip_success_page: '0',
};
const purchase = getEndpoint('purchase');
const hashed = purchase.variants.find((v) => v.default)!.hash.fields.filter((f): f is string => typeof f === 'string');
const missing = hashed.filter((f) => !(f in purchaseInputs));
if (missing.length) throw new Error(`the benchmark purchase lacks ${missing.join(', ')}`);

const refundInputs = exampleInputs(getEndpoint('refund'));

// node:crypto doing the same work: encode, concatenate, HMAC; RSA with publicEncrypt in 117-byte chunks.
const b64 = (s: string) => Buffer.from(s).toString('base64');
const nodePurchase = () => {
  const wire = { ...purchaseInputs } as Record<string, string>;
  for (const f of ['items', 'return_deeplink', 'custom_fields', 'payout', 'additional_params']) wire[f] = b64(JSON.stringify(JSON.parse(wire[f]!)));
  wire.return_url = b64(wire.return_url!);
  return createHmac('sha512', credentials.apiKey).update(hashed.map((f) => wire[f] ?? '').join('')).digest('base64');
};
const rsaKey = createPublicKey(credentials.rsaPublicKeyPem);
const nodeRefund = () => {
  const plain = Buffer.from(JSON.stringify(JSON.parse(refundInputs.merchant_auth!)));
  const blocks = [];
  for (let i = 0; i < plain.length; i += 117) blocks.push(publicEncrypt({ key: rsaKey, padding: constants.RSA_PKCS1_PADDING }, plain.subarray(i, i + 117)));
  const auth = Buffer.concat(blocks).toString('base64');
  return createHmac('sha512', credentials.apiKey).update(refundInputs.request_time! + refundInputs.merchant_id! + auth).digest('base64');
};

const trace = await buildRequest(purchase, purchaseInputs, credentials);
console.log(`Purchase: ${trace.steps.filter((s) => s.hashIndex >= 0 && s.sent).length}/24 hashed fields sent, string-to-sign ${trace.byteLength} bytes, items ${items.length} chars`);
const rsaCache = new Map();
printTable(`Build + sign (${RUNS} runs each, Node ${process.version})`, [
  ['purchase, full trace (ours, WebCrypto)', stats(await measure(() => buildRequest(purchase, purchaseInputs, credentials), RUNS))],
  ['purchase, bare node:crypto (encode + concat + HMAC)', stats(await measure(nodePurchase, RUNS))],
  ['refund with RSA merchant_auth (ours, BigInt RSA)', stats(await measure(() => buildRequest('refund', refundInputs, credentials), RUNS))],
  ['refund, RSA cached as in the UI (ours)', stats(await measure(() => buildRequest('refund', refundInputs, credentials, { rsaCache }), RUNS))],
  ['refund, bare node:crypto (publicEncrypt + HMAC)', stats(await measure(nodeRefund, RUNS))],
]);
console.log('\nTarget: Purchase trace median under 1 ms.');
