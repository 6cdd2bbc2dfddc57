// What `payway run --init` writes (and the app's "New collection"): one flow a new integration needs
// first — a purchase, the payer paying, the signed pushback, the check — and the environments to run it
// against the emulator and against the sandbox with keys from the process environment.
import { DEMO_MERCHANT_ID } from '../catalog/common.ts';
import { COLLECTION_VERSION, type Collection } from './schema.ts';

export function starterCollection(name: string): Collection {
  const flow = 'first-payment';
  return {
    version: COLLECTION_VERSION,
    name,
    variables: { amount: '10.00', currency: 'USD' },
    environments: [
      { name: 'mock', target: 'mock', variables: { merchant_id: DEMO_MERCHANT_ID }, secretsFrom: {} },
      { name: 'sandbox', target: 'sandbox', variables: { merchant_id: 'your-sandbox-merchant-id' }, secretsFrom: { 'api-key': 'PAYWAY_API_KEY', 'rsa-public-key': 'PAYWAY_RSA_PUBLIC_KEY' } },
    ],
    flows: [
      {
        name: flow,
        steps: [
          {
            kind: 'request',
            file: `${flow}/01-purchase.json`,
            name: 'Purchase',
            endpoint: 'purchase',
            inputs: {
              req_time: '{{$now}}',
              merchant_id: '{{merchant_id}}',
              tran_id: '{{$tranId}}',
              amount: '{{amount}}',
              items: '[{"name":"Your first item","quantity":1,"price":10}]',
              return_url: '{{$inboxUrl}}',
              currency: '{{currency}}',
            },
            capture: { tranId: 'request.tran_id' },
            expect: [{ subject: 'status', expected: 200 }],
          },
          { kind: 'action', file: `${flow}/02-pay.json`, name: 'Payer pays by card', action: 'pay', ref: '{{tranId}}', option: 'cards', capture: {}, expect: [] },
          { kind: 'action', file: `${flow}/03-pushback.json`, name: 'Signed pushback arrives', action: 'pushback', match: '{{tranId}}', capture: {}, expect: [{ subject: 'signature', expected: 'valid' }] },
          {
            kind: 'request',
            file: `${flow}/04-check.json`,
            name: 'Check transaction',
            endpoint: 'check-transaction',
            inputs: { req_time: '{{$now}}', merchant_id: '{{merchant_id}}', tran_id: '{{tranId}}' },
            capture: {},
            expect: [
              { subject: 'code', expected: '00' },
              { subject: '$.data.payment_status', expected: 'APPROVED' },
            ],
          },
        ],
      },
    ],
  };
}
