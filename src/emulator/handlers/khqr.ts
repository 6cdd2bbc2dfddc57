// KHQR Guideline: payments made to a merchant-built KHQR, found by its merchant reference (tag 62.01).
import type { EndpointId } from '../../core/catalog/types.ts';
import type { EndpointHandler } from '../call.ts';
import { documentedTransaction } from '../lifecycle.ts';
import { isPaid, paidByRefRange } from '../recordIndexes.ts';
import type { ReadOnly, Transaction } from '../state.ts';

const LAST = 50;

const transactionsByMerchantRef: EndpointHandler = (call) => {
  const merchantId = call.merchant.merchantId;
  const ref = call.field('merchant_ref');
  // The index of paid transactions by merchant reference, newest first: the last LAST are all it reads.
  const rows: ReadOnly<Transaction>[] = [];
  for (const tx of call.core.find('transactions', paidByRefRange(merchantId, ref))) {
    if (tx.merchantId === merchantId && tx.merchantRef === ref && isPaid(tx) && rows.push(tx) >= LAST) break;
  }
  if (!rows.length) return call.outcome('notFound');
  return call.ok({ data: rows.map((tx) => documentedTransaction(tx, call.endpoint.response.fields, 'data[].')) });
};

export const khqrHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'transactions-by-merchant-ref': transactionsByMerchantRef,
};
