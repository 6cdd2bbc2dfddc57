// What a fresh emulator already holds for the demo merchant, taken from the catalog's own examples, so
// that each endpoint's example request answers with success straight away.
import { getEndpoint } from '../core/catalog/index.ts';
import { DEMO_CTID, DEMO_PWT } from '../core/catalog/cof.ts';
import { DEMO_REQUEST_ID } from '../core/catalog/cofV3.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import { DEMO_MERCHANT_CREDENTIALS } from './merchants.ts';
import { toMinor } from './money.ts';
import { pendingTransaction, TOKEN_LIFETIME_MS } from './lifecycle.ts';
import { transactionKey, type EmulatorState } from './state.ts';

const example = (endpointId: string, field: string): string => {
  const value = getEndpoint(endpointId).fields.find((f) => f.name === field)?.example;
  if (value === undefined) throw new Error(`catalog: ${endpointId}.${field} has no example`);
  return value;
};


export function seedState(state: EmulatorState, core: EmulatorCore): void {
  const merchantId = DEMO_MERCHANT_CREDENTIALS.merchantId;
  if (!core.merchant(merchantId)) return;
  const now = core.now();
  // PENDING, so the example Purchase (same tran_id) replaces it as the sandbox does, while the lookups
  // (check, detail, close, list) find it before anything was paid.
  const tranId = example('check-transaction', 'tran_id');
  const created = new Date(now.getTime() - 3600_000);
  state.transactions[transactionKey(merchantId, tranId)] = pendingTransaction(
    {
      merchantId,
      tranId,
      createdBy: 'purchase',
      currency: 'USD',
      amount: toMinor(example('purchase', 'amount'), 'USD')!,
      payer: {
        firstName: example('purchase', 'firstname'),
        lastName: example('purchase', 'lastname'),
        email: example('purchase', 'email'),
        phone: example('purchase', 'phone'),
      },
      lifetimeMinutes: 30 * 24 * 60,
    },
    created,
    { merchantRef: tranId },
  );

  state.tokens.push({
    merchantId,
    ctid: DEMO_CTID,
    pwt: DEMO_PWT,
    kind: 'account',
    requestId: DEMO_REQUEST_ID,
    returnParam: example('link-account', 'return_param'),
    tokenFlag: 'CITI_FLEX',
    frequency: null,
    subscribedAmount: null,
    currency: 'USD',
    type: 'ABA ACCOUNT',
    sourceOfFund: 'xxxx xxxx xxxx 0789',
    status: 1,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString(),
    createdAt: now.toISOString(),
  });

  // The payout example pays these accounts; whitelisting them lets it succeed as it is.
  const payoutExample = JSON.parse(getEndpoint('payout').rsa!.example) as { account: string }[];
  for (const { account } of payoutExample) {
    state.beneficiaries.push({ merchantId, payee: account, name: `Beneficiary ${account}`, currency: 'USD', type: 'ABA Account', status: 1, createdAt: now.toISOString() });
  }
}

