// A corpus case as the doctor's input. Kept apart from buildCorpus.ts (which needs node:crypto) so the
// Chromium benchmark can bundle it.
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import type { DiagnoseInput } from '../../src/core/doctor/index.ts';
import type { CorpusCase } from './buildCorpus.ts';

export function corpusInput(c: CorpusCase): DiagnoseInput {
  return {
    endpointId: c.endpoint,
    requestText: c.request,
    wire: c.wire,
    key: c.key,
    theirHash: c.theirHash,
    theirString: c.theirString,
    rsaPublicKeyPem: c.withRsaPublicKey ? DEMO_MERCHANT.rsaPublicKeyPem : undefined,
    ...(c.refused ? { refused: c.refused } : {}),
    ...(c.now ? { now: new Date(c.now) } : {}),
  };
}
