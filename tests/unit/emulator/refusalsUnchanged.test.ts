// The diagnosis header and the request log change nothing in PayWay's answer: for 128 refused requests
// (every endpoint that existed before them, and the transport mistakes) status, content type and body are
// byte for byte what the emulator answered before either existed (fixtures/refusals-before-diagnosis.json,
// recorded by recordRefusals.ts on that code). Each answer now also says why, in one header line.
// One case was changed on purpose since: "close-transaction: tran_id empty" answered code 2 ("already
// approved", Purchase's "invalid transaction ID" number read on the wrong list); it is now the endpoint's
// validation answer, code 5 "Transaction not found", still HTTP 403.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_HEADER } from '../../../src/emulator/diagnosis/finishRequest.ts';
import { refusalCases, type RecordedAnswer } from './refusalCorpus.ts';
import { testEmulator } from './support.ts';

const before = JSON.parse(readFileSync(new URL('./fixtures/refusals-before-diagnosis.json', import.meta.url), 'utf8')) as RecordedAnswer[];

describe('refused requests: the answer is unchanged, the header says why', () => {
  it('has the same cases as the recording', () => {
    expect(refusalCases().map((c) => c.name)).toEqual(before.map((b) => b.name));
  });

  it.each(refusalCases().map((c, i) => [c.name, c, before[i]!] as const))('%s', async (_name, c, recorded) => {
    const t = testEmulator();
    const response = await c.send(t);
    expect({ status: response.status, contentType: response.headers.get('content-type'), body: await response.text() }).toEqual({
      status: recorded.status,
      contentType: recorded.contentType,
      body: recorded.body,
    });
    const line = response.headers.get(DIAGNOSIS_HEADER);
    expect(line, 'a refused request says why').toMatch(/^[\x20-\x7e]{10,600}$/);
    expect(line).not.toContain('demo-api-key-not-real');
    await t.emulator.idle();
  });
});
