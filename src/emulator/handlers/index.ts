// Every endpoint's handler, by catalog id. A test checks that the catalog has no endpoint without one.
import type { EndpointId } from '../../core/catalog/types.ts';
import type { EndpointHandler } from '../call.ts';
import { checkoutHandlers } from './checkout.ts';
import { cofHandlers } from './cof.ts';
import { cofV3Handlers } from './cofV3.ts';
import { khqrHandlers } from './khqr.ts';
import { partnerHandlers } from './partner.ts';
import { paymentLinkHandlers } from './paymentLink.ts';
import { payoutHandlers } from './payout.ts';
import { preAuthHandlers } from './preAuth.ts';
import { qrHandlers } from './qr.ts';

export const handlers: Partial<Record<EndpointId, EndpointHandler>> = {
  ...checkoutHandlers,
  ...cofHandlers,
  ...cofV3Handlers,
  ...qrHandlers,
  ...paymentLinkHandlers,
  ...preAuthHandlers,
  ...payoutHandlers,
  ...khqrHandlers,
  ...partnerHandlers,
};
