// KHQR Guideline: payments made to a merchant-built KHQR, found by its merchant reference (tag 62.01).
import type { EndpointId } from '../../core/catalog/types.ts';
import type { EndpointHandler } from '../call.ts';
import { documentedTransaction } from '../lifecycle.ts';
import { instantOf } from '../gatewayTime.ts';

const LAST = 50;

const transactionsByMerchantRef: EndpointHandler = (call) => {
  const rows = Object.values(call.state.transactions)
    .filter((tx) => tx.merchantId === call.merchant.merchantId && tx.merchantRef === call.field('merchant_ref'))
    .filter((tx) => tx.status === 'APPROVED' || tx.status === 'REFUNDED')
    .sort((a, b) => instantOf(b.paidAt ?? b.createdAt) - instantOf(a.paidAt ?? a.createdAt))
    .slice(0, LAST);
  if (!rows.length) return call.outcome('notFound');
  return call.ok({ data: rows.map((tx) => documentedTransaction(tx, call.endpoint.response.fields, 'data[].')) });
};

export const khqrHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'transactions-by-merchant-ref': transactionsByMerchantRef,
};
