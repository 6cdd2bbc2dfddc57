// Pre-auth: capture a hold (once, up to the allowed margin, optionally split) or release it.
import type { EndpointId } from '../../core/catalog/types.ts';
import type { Call, EndpointHandler } from '../call.ts';
import { effectiveAmount } from '../lifecycle.ts';
import { toMajor, toMinor, type Currency } from '../money.ts';
import type { Transaction } from '../state.ts';
import { findTransaction, isWhitelisted, splitEntries } from './common.ts';
import { instantOf } from '../gatewayTime.ts';
import { PlainAnswer } from '../respond.ts';

/** Holds auto-cancel after 30 days (OLD docs). */
const HOLD_LIFETIME_MS = 30 * 24 * 3600_000;

/** Cards may be captured up to 10% above the hold; other methods up to the hold (reference §8). */
const captureLimit = (tx: Transaction) => (tx.cardSource ? Math.floor((tx.amount * 110) / 100) : tx.amount);

const preAuthAnswer = (call: Call, tx: Transaction, status: 'COMPLETED' | 'CANCELLED') =>
  call.ok({ grand_total: toMajor(effectiveAmount(tx), tx.currency), currency: tx.currency, transaction_status: status });

function liveHold(call: Call): Transaction | PlainAnswer {
  const tx = findTransaction(call, call.authObject.tran_id);
  if (!tx || !tx.preAuth) return call.outcome('notFound');
  return tx;
}

/** The KHR-specific codes of §12.4 for an amount text, else undefined when it is fine. */
function amountCode(call: Call, value: unknown, currency: Currency): PlainAnswer | undefined {
  const minor = toMinor(value, currency);
  if (currency === 'KHR' && minor === undefined && toMinor(value, 'USD') !== undefined) return call.code('KHR-CONTAIN-DECIMAL');
  if (minor === undefined || minor <= 0) return call.invalidField('merchant_auth', 'complete_amount must be a positive amount');
  if (currency === 'KHR' && minor < 100) return call.code('KHR-LESS-100');
  return undefined;
}

const complete: EndpointHandler = (call) => {
  const tx = liveHold(call);
  if (tx instanceof PlainAnswer) return tx;
  if (tx.completedAmount !== undefined) return call.outcome('duplicate');
  const expired = tx.paidAt !== undefined && call.now.getTime() - instantOf(tx.paidAt) > HOLD_LIFETIME_MS;
  if (tx.status !== 'PRE-AUTH' || expired) return call.code('PTL59');
  const auth = call.authObject;
  const problem = amountCode(call, auth.complete_amount, tx.currency);
  if (problem) return problem;
  const amount = toMinor(auth.complete_amount, tx.currency)!;
  if (amount > captureLimit(tx)) return call.code('PTL60');
  if (auth.payout !== undefined) {
    const entries = splitEntries(auth.payout, tx.currency, { account: 'acc', amount: 'amt' });
    if (typeof entries === 'string') return call.invalidField('merchant_auth', `payout ${entries}`);
    if (entries.reduce((sum, e) => sum + e.amount, 0) > amount) return call.invalidField('merchant_auth', 'payout adds up to more than complete_amount');
    if (entries.some((e) => !isWhitelisted(call, e.account))) return call.invalidField('merchant_auth', 'payout accounts must be whitelisted');
  }
  tx.completedAmount = amount;
  tx.status = 'APPROVED';
  tx.operations.push({ status: 'Completed Pre-Auth', amount, at: call.now.toISOString(), bankRef: call.core.ids.bankRef() });
  call.changed = true;
  return preAuthAnswer(call, tx, 'COMPLETED');
};

const cancel: EndpointHandler = (call) => {
  const tx = liveHold(call);
  if (tx instanceof PlainAnswer) return tx;
  if (tx.status !== 'PRE-AUTH') return call.outcome('duplicate');
  tx.status = 'CANCELLED';
  tx.operations.push({ status: 'Cancelled Pre-Auth', amount: tx.amount, at: call.now.toISOString(), bankRef: call.core.ids.bankRef() });
  call.changed = true;
  return preAuthAnswer(call, tx, 'CANCELLED');
};

export const preAuthHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'pre-auth-complete': complete,
  'pre-auth-complete-payout': complete,
  'pre-auth-cancel': cancel,
};
