// The doctor's public face: what the app page and the CLI call. Both functions are pure and async, and
// return plain data (no DOM, no Node), everything a UI needs to render the answer:
//
//   diagnose({ endpointId?, requestText? | wire?, path?, theirHash?, theirString?, key?, rsaPublicKeyPem?,
//              now?, search?: { maxMs?, maxHypotheses? }, refused?: { by?, code?, message?, merchantId?,
//              merchantKeyFingerprint?, otherMerchants? } }) → Diagnosis
//     verdict 'correct' | 'variant' | 'diagnosed' | 'unexplained' | 'need-key' | 'nothing-to-compare' |
//     'refused' (given `refused`, the verdict is never 'correct': the hash is right for the key given, and
//     refusal.checks say what was checked of the key, the merchant id, the transport and req_time);
//     mistakes [{ id, kind, field?, variant?, mistake, explanation, fix }] and alternatives (ties);
//     expected { stringToSign, segments, hash?, … }; theirs { hash?, hashReadings, string?,
//     reproducedString?, segments? }; difference { byteIndex, segment, expectedChar, theirChar, kind, summary };
//     hypothesesTried, exhaustive, elapsedMs, leftToCheck, warnings (about the request itself), summary,
//     refusal?, language? (the language the pasted input shows; fixes are written in it).
//     The first finding's `mistake` is a sentence that stands alone (the emulator sends it as a header).
//
//   diagnosePushback({ body, header?, key? }) → PushbackDiagnosis (the sorted-key string, valid or how the
//     header was made).
//
// The page should pass search: { maxMs: 900 } so a diagnosis never takes more than a second on a slow
// machine; without it the search is bounded by a hypothesis count only, so results are reproducible.
export { diagnose, DoctorInputError, type DiagnoseInput, type Diagnosis, type Verdict } from './diagnose.ts';
export { diagnosePushback, type PushbackDiagnosis, type PushbackInput } from './diagnosePushback.ts';
export { readAnswerCode, readRefusal } from './readRefusal.ts';
export type { CheckArea, CheckStatus, Refusal, RefusalCheck } from './refusal.ts';
export type { Language } from './mistake.ts';
export { compareStrings, type StringDifference, type CharInfo } from './compareStrings.ts';
export { readTheirHash, describeReading, type HashReading, type OutputEncoding } from './readTheirHash.ts';
export type { Finding, MistakeKind } from './mistake.ts';
export type { WireWarning } from './lintWire.ts';
export type { SearchOptions } from './search.ts';
export { nobleEngine, type HashEngine, type HashState } from './fastDigest.ts';
