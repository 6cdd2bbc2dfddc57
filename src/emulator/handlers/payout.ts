// Payout to whitelisted beneficiaries, and the whitelist itself.
import type { EndpointId } from '../../core/catalog/types.ts';
import type { Call, EndpointHandler } from '../call.ts';
import { gatewayIso, gatewayTimeOf } from '../gatewayTime.ts';
import { toMajor, type Currency } from '../money.ts';
import type { Beneficiary } from '../state.ts';
import { minorField, splitEntries } from './common.ts';

const MAX_BENEFICIARIES = 10;

const payout: EndpointHandler = (call) => {
  const merchantId = call.merchant.merchantId;
  const currency = call.field('currency') as Currency;
  const amount = minorField(call, 'amount', currency);
  if (amount === undefined || amount <= 0) return call.code('81');
  if (call.state.payouts.some((p) => p.merchantId === merchantId && p.tranId === call.field('tran_id'))) return call.outcome('duplicate');
  const entries = splitEntries(call.auth, currency, { account: 'account', amount: 'amount' });
  if (typeof entries === 'string') return call.code('36');
  if (entries.length > MAX_BENEFICIARIES) return call.code('25');
  for (const entry of entries) {
    const beneficiary = call.state.beneficiaries.find((b) => b.merchantId === merchantId && b.payee === entry.account && b.status === 1);
    if (!beneficiary) return call.code('37');
    if (beneficiary.currency !== currency) return call.code('90');
  }
  if (entries.reduce((sum, e) => sum + e.amount, 0) !== amount) return call.code('92');

  const transactionId = call.core.ids.digits(15);
  const record = {
    merchantId,
    tranId: call.field('tran_id'),
    transactionId,
    amount,
    currency,
    beneficiaries: entries.map((e) => ({ account: e.account, amount: e.amount, payoutId: call.core.ids.digits(15) })),
    customFields: call.field('custom_fields'),
    createdAt: call.now.toISOString(),
  };
  call.state.payouts.push(record);
  call.changed = true;
  return call.ok({
    transaction_id: transactionId,
    transaction_date: gatewayIso(call.now),
    external_reference: call.core.ids.bankRef(),
    apv: call.core.ids.apv(),
    transaction_amount: toMajor(amount, currency),
    transaction_currency: currency,
    beneficiaries: record.beneficiaries.map((b) => ({ payout_id: b.payoutId, name: '', mid_acccount: b.account, amount: toMajor(b.amount, currency), currency })),
  });
};

/** An ABA account (9 digits), a 15-digit MID, or a merchant the emulator knows. */
function payeeType(call: Call, payee: string): Beneficiary['type'] | undefined {
  if (/^\d{9}$/.test(payee)) return 'ABA Account';
  if (/^\d{15}$/.test(payee) || call.core.merchant(payee)) return 'Merchant';
  return undefined;
}

const beneficiaryView = (b: Beneficiary) => ({ data: { name: b.name, payee: b.payee, currency: b.currency, type: b.type, status: b.status, created_at: gatewayTimeOf(b.createdAt) } });

const findBeneficiary = (call: Call, payee: unknown) => call.state.beneficiaries.find((b) => b.merchantId === call.merchant.merchantId && b.payee === payee);

const addBeneficiary: EndpointHandler = (call) => {
  const payee = String(call.authObject.payee);
  const type = payeeType(call, payee);
  if (!type) return call.outcome('notFound');
  if (findBeneficiary(call, payee)) return call.outcome('duplicate');
  const beneficiary: Beneficiary = { merchantId: call.merchant.merchantId, payee, name: `Beneficiary ${payee}`, currency: call.merchant.currency, type, status: 1, createdAt: call.now.toISOString() };
  call.state.beneficiaries.push(beneficiary);
  call.changed = true;
  return call.ok(beneficiaryView(beneficiary));
};

const updateBeneficiary: EndpointHandler = (call) => {
  const beneficiary = findBeneficiary(call, call.authObject.payee);
  if (!beneficiary) return call.outcome('notFound');
  const status = Number(call.authObject.status);
  if (status !== 0 && status !== 1) return call.invalidField('merchant_auth', 'status must be 0 or 1');
  beneficiary.status = status;
  call.changed = true;
  return call.ok(beneficiaryView(beneficiary));
};

export const payoutHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  payout,
  'beneficiary-add': addBeneficiary,
  'beneficiary-status': updateBeneficiary,
};

