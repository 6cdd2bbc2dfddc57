// What a fresh emulator already holds for the demo merchant and the demo partner, read from the catalog's
// own examples, so that every endpoint's example request answers with success straight away. Each example
// that acts on something (refund, complete or cancel a hold, void a link, remove a card) has an object of
// its own here, so sending one example never breaks another.
import { getEndpoint } from '../core/catalog/index.ts';
import { DEMO_CTID, DEMO_PWT } from '../core/catalog/cof.ts';
import { DEMO_REQUEST_ID } from '../core/catalog/cofV3.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import { PAID_WITH, pendingTransaction, TOKEN_LIFETIME_MS } from './lifecycle.ts';
import { DEMO_MERCHANT_CREDENTIALS, DEMO_PARTNER } from './merchants.ts';
import { toMinor } from './money.ts';
import { transactionKey, type EmulatorState, type PaymentLink, type Session, type Token, type Transaction } from './state.ts';

const fieldExample = (endpointId: string, field: string): string => {
  const value = getEndpoint(endpointId).fields.find((f) => f.name === field)?.example;
  if (value === undefined) throw new Error(`catalog: ${endpointId}.${field} has no example`);
  return value;
};

/** A key of the endpoint's RSA plaintext example (merchant_auth, request_data). */
const authExample = (endpointId: string, key: string): unknown => {
  const example = getEndpoint(endpointId).rsa?.example;
  const value = example === undefined ? undefined : (JSON.parse(example) as Record<string, unknown>)[key];
  if (value === undefined) throw new Error(`catalog: the RSA example of ${endpointId} has no "${key}"`);
  return value;
};

const text = (value: unknown) => String(value);

/** Fixed references for seeded payments: a seed draws nothing from the random source. */
const SEEDED_PAYMENT = { apv: '100001', bankRef: '100FT00000000001' };

export function seedState(state: EmulatorState, core: EmulatorCore): void {
  const merchantId = DEMO_MERCHANT_CREDENTIALS.merchantId;
  if (!core.merchant(merchantId)) return;
  const now = core.now();
  const created = new Date(now.getTime() - 3600_000);
  const paidAt = new Date(now.getTime() - 3000_000).toISOString();
  const amount = toMinor(fieldExample('purchase', 'amount'), 'USD')!;
  const payer = {
    firstName: fieldExample('purchase', 'firstname'),
    lastName: fieldExample('purchase', 'lastname'),
    email: fieldExample('purchase', 'email'),
    phone: fieldExample('purchase', 'phone'),
  };
  const addTransaction = (tx: Transaction) => (state.transactions[transactionKey(merchantId, tx.tranId)] = tx);
  const paid = (tranId: string, option: string, more: Partial<Transaction> = {}): Transaction => {
    const tx = pendingTransaction({ merchantId, tranId, createdBy: 'purchase', currency: 'USD', amount, payer, lifetimeMinutes: 30 * 24 * 60 }, created, { merchantRef: tranId, ...more });
    const status = tx.preAuth ? 'PRE-AUTH' : 'APPROVED';
    Object.assign(tx, PAID_WITH[option], SEEDED_PAYMENT, { status, paidAt });
    tx.operations.push({ status: tx.preAuth ? 'Pre-Auth' : 'Completed', amount: tx.amount, at: paidAt, bankRef: SEEDED_PAYMENT.bankRef });
    return tx;
  };

  // PENDING, so the example Purchase (same tran_id) replaces it as the sandbox does, while the lookups
  // (check, detail, close, list) find it before anything was paid.
  const tranId = fieldExample('check-transaction', 'tran_id');
  addTransaction(pendingTransaction({ merchantId, tranId, createdBy: 'purchase', currency: 'USD', amount, payer, lifetimeMinutes: 30 * 24 * 60 }, created, { merchantRef: tranId }));
  // Refund: an approved payment.
  addTransaction(paid(text(authExample('refund', 'tran_id')), 'abapay'));
  // Pre-auth: one card hold per example (complete, complete with payout, cancel).
  for (const endpointId of ['pre-auth-complete', 'pre-auth-complete-payout', 'pre-auth-cancel']) {
    addTransaction(paid(text(authExample(endpointId, 'tran_id')), 'cards', { preAuth: true }));
  }
  // Transactions by merchant ref: a KHQR payment made to a merchant-built KHQR with that tag 62.01.
  addTransaction(paid('DEMO-KHQR-0001', 'abapay_khqr', { createdBy: 'khqr-scan', merchantRef: fieldExample('transactions-by-merchant-ref', 'merchant_ref') }));

  const token = (ctid: string, pwt: string, more: Partial<Token>): Token => ({
    merchantId,
    ctid,
    pwt,
    kind: 'account',
    tokenFlag: 'CITI_FLEX',
    frequency: null,
    subscribedAmount: null,
    currency: 'USD',
    type: 'ABA ACCOUNT',
    sourceOfFund: 'xxxx xxxx xxxx 0789',
    status: 1,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString(),
    createdAt: now.toISOString(),
    ...more,
  });
  // The account token the charges, renewals and lookups use; the removal examples each remove their own.
  state.tokens.push(token(DEMO_CTID, DEMO_PWT, { requestId: DEMO_REQUEST_ID, returnParam: fieldExample('link-account', 'return_param') }));
  for (const endpointId of ['remove-account-token', 'remove-token-v3']) state.tokens.push(token(fieldExample(endpointId, 'ctid'), fieldExample(endpointId, 'pwt'), {}));
  state.tokens.push(
    token(fieldExample('remove-card-token', 'ctid'), fieldExample('remove-card-token', 'pwt'), {
      kind: 'card',
      type: 'Visa',
      sourceOfFund: '4111 11xx xxxx 1111',
      expiresAt: new Date(now.getTime() + 3 * 365 * 24 * 3600_000).toISOString(),
    }),
  );

  // The payout example pays these accounts and the pre-auth payout example splits to these; whitelisting
  // them lets both succeed as they are. beneficiary-add's example names a payee that is not here.
  const payoutAccounts = (JSON.parse(getEndpoint('payout').rsa!.example) as { account: string }[]).map((b) => b.account);
  const splitAccounts = (authExample('pre-auth-complete-payout', 'payout') as { acc: string }[]).map((p) => p.acc);
  for (const account of new Set([...payoutAccounts, ...splitAccounts])) {
    state.beneficiaries.push({ merchantId, payee: account, name: `Beneficiary ${account}`, currency: 'USD', type: 'ABA Account', status: 1, createdAt: now.toISOString() });
  }

  // Payment links: one for the detail example, one for the void example, both OPEN.
  ['payment-link-detail', 'payment-link-void'].forEach((endpointId, i) => {
    const id = text(authExample(endpointId, 'id'));
    const session: Session = { id: `demoPaymentLink${String(i + 1).padStart(5, '0')}`, kind: 'payment-link', merchantId, endpoint: 'payment-link-create', ref: id, createdAt: created.toISOString() };
    const link: PaymentLink = {
      id,
      merchantId,
      slug: `demo${i + 1}`,
      title: 'PayWay Playground demo link',
      description: `A link a fresh emulator holds for the ${endpointId} example.`,
      amount,
      currency: 'USD',
      paymentLimit: 5,
      expiredDate: null,
      returnUrl: '',
      merchantRefNo: `DEMO-LINK-000${i + 1}`,
      payout: [],
      image: null,
      status: 'OPEN',
      totalTrxn: 0,
      totalAmount: 0,
      totalRefund: 0,
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      sessionId: session.id,
    };
    state.sessions[session.id] = session;
    state.links[id] = link;
  });

  // Partner: a finished registration through which the demo partner onboarded the demo merchant.
  const registerRef = text(authExample('partner-merchant-credentials', 'register_ref'));
  const registration: Session = { id: 'demoRegistration00001', kind: 'partner-register', merchantId: DEMO_PARTNER.partnerId, endpoint: 'partner-register-merchant', ref: registerRef, createdAt: created.toISOString() };
  state.sessions[registration.id] = registration;
  state.registrations.push({
    partnerId: DEMO_PARTNER.partnerId,
    registerRef,
    pushbackUrl: '',
    redirectUrl: '',
    currency: 'USD',
    token: 'demo-registration-token',
    sessionId: registration.id,
    merchantId,
    createdAt: created.toISOString(),
  });
}
