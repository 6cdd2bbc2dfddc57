// A PayWay integration in Node with node:crypto and fetch, following the docs' samples: values joined
// in the documented order, createHmac('sha512', apiKey) → Base64; merchant_auth as JSON, publicEncrypt
// with RSA_PKCS1_PADDING per 117-byte chunk, the blocks joined and Base64'd once. JSON bodies with their
// Content-Type; forms as FormData (multipart). Reads one job as JSON on stdin; prints {status, diagnosis, body}.
import { constants, createHmac, publicEncrypt } from 'node:crypto';

const job = JSON.parse(await new Promise((done) => {
  let text = '';
  process.stdin.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => done(text));
}));
const { merchantId: merchant_id, baseUrl } = job;
const params = job.params ?? {};
const mistake = job.mistake ?? '';
const key = mistake === 'wrong-key' ? job.otherKey : job.apiKey;
const payments = '/api/payment-gateway/v1/payments/';
const sign = (text) => createHmac('sha512', key).update(text).digest('base64');

function rsaEncrypt(plaintext) {
  const data = Buffer.from(plaintext);
  const blocks = [];
  for (let i = 0; i < data.length; i += 117) blocks.push(publicEncrypt({ key: job.rsaPublicKey, padding: constants.RSA_PKCS1_PADDING }, data.subarray(i, i + 117)));
  return Buffer.concat(blocks).toString('base64');
}

async function post(path, fields, asJson) {
  let body;
  const headers = {};
  if (asJson) {
    body = JSON.stringify(fields);
    headers['Content-Type'] = 'application/json';
  } else {
    body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
  }
  const response = await fetch(baseUrl.replace(/\/$/, '') + path, { method: 'POST', headers, body });
  return { status: response.status, diagnosis: response.headers.get('x-payway-emulator-diagnosis'), body: await response.text() };
}

const req_time = params.req_time ?? new Date().toISOString().replace(/[-T:]/g, '').slice(0, 14);
let answer;
switch (job.action) {
  case 'purchase': {
    const { tran_id, amount } = params;
    const items = Buffer.from(JSON.stringify([{ name: 'Kampot pepper', quantity: 1, price: Number(amount) }])).toString('base64');
    const return_url = Buffer.from(params.return_url).toString('base64');
    const currency = 'USD';
    const hash = sign(req_time + merchant_id + tran_id + amount + items + return_url + currency);
    answer = await post(payments + 'purchase', { req_time, merchant_id, tran_id, amount, items, return_url, currency, hash }, false);
    break;
  }
  case 'check':
  case 'check-v1': {
    const { tran_id } = params;
    let text = req_time + merchant_id + tran_id;
    if (mistake === 'order') text = [merchant_id, tran_id, req_time].join('');
    if (mistake === 'prose-recipe') text = merchant_id + tran_id;
    const fields = mistake === 'renamed' ? { request_time: req_time, merchant_id, tran_id } : { req_time, merchant_id, tran_id };
    fields.hash = createHmac('sha512', key).update(text).digest(mistake === 'hex' ? 'hex' : 'base64');
    answer = await post(payments + (job.action === 'check' ? 'check-transaction-2' : 'check-transaction'), fields, true);
    break;
  }
  case 'refund': {
    const merchant_auth = rsaEncrypt(JSON.stringify({ mc_id: merchant_id, tran_id: params.tran_id, refund_amount: params.refund_amount }));
    answer = await post('/api/merchant-portal/merchant-access/online-transaction/refund', { request_time: req_time, merchant_id, merchant_auth, hash: sign(req_time + merchant_id + merchant_auth) }, true);
    break;
  }
  case 'list':
  case 'list-v1': {
    const status = params.status ?? '';
    answer = await post(payments + (job.action === 'list' ? 'transaction-list-2' : 'transaction-list'), { req_time, merchant_id, status, hash: sign(req_time + merchant_id + status) }, job.action === 'list');
    break;
  }
  default:
    throw new Error('unknown action');
}
console.log(JSON.stringify(answer));
