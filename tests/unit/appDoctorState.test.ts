import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { DoctorState, DOCTOR_SEARCH, readArrival, recogniseRequest, wireAsText } from '../../src/app/state/doctor.svelte.ts';
import { DoctorJobError, type DoctorJob, type DoctorRunner } from '../../src/app/workers/doctorProtocol.ts';
import { runDoctorJob } from '../../src/app/workers/runDoctorJob.ts';

const KEY = DEMO_MERCHANT.apiKey;
const credentials = { apiKey: KEY, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem, partnerKey: 'partner-key-1' };
const check = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693' };
const hmac = (text: string, key: string = KEY) => createHmac('sha512', key).update(text).digest('base64');

/** Runs jobs on this thread, as the worker would, and remembers what it was given. */
function directRunner(): DoctorRunner & { jobs: DoctorJob[] } {
  const jobs: DoctorJob[] = [];
  const run = (<J extends DoctorJob>(job: J) => {
    jobs.push(structuredClone(job));
    return runDoctorJob(job);
  }) as DoctorRunner & { jobs: DoctorJob[] };
  run.jobs = jobs;
  return run;
}

describe('readArrival', () => {
  it('reads the endpoint, variant and wire values of a wrong-hash answer, and nothing else', () => {
    const arrival = readArrival({ endpoint: 'check-transaction', variant: 'prose', wire: { ...check, hash: 'h' }, apiKey: 'secret', key: 'secret' });
    expect(arrival).toEqual({ kind: 'request', endpoint: 'check-transaction', variant: 'prose', wire: [...Object.entries(check), ['hash', 'h']] });
    expect(JSON.stringify(arrival)).not.toContain('secret');
  });

  it('reads a pushback sent from the emulator panel', () => {
    expect(readArrival({ pushback: { body: '{"a":1}', header: 'x' } })).toEqual({ kind: 'pushback', body: '{"a":1}', header: 'x' });
  });

  it('reads what the target answered (who, code, message, target) and drops anything else', () => {
    const arrival = readArrival({ endpoint: 'check-transaction', wire: check, refused: { by: 'emulator', code: '5', message: 'Invalid hash', target: 'emulator', apiKey: 'secret' } });
    expect(arrival).toMatchObject({ refused: { by: 'emulator', code: '5', message: 'Invalid hash', target: 'emulator' } });
    expect(JSON.stringify(arrival)).not.toContain('secret');
    expect(readArrival({ wire: check, refused: { by: 'mars', code: 5 } })).not.toHaveProperty('refused');
  });

  it('gives undefined for anything else, and drops an unknown endpoint and non-text values', () => {
    for (const junk of [null, 1, 'x', {}, { wire: 3 }, { wire: {} }, { wire: [[1, 2]] }]) expect(readArrival(junk)).toBeUndefined();
    expect(readArrival({ endpoint: 'nope', wire: { a: 'b', c: 4 } })).toEqual({ kind: 'request', wire: [['a', 'b']] });
  });
});

describe('recogniseRequest', () => {
  it('names the format, the fields and the endpoint as the person pastes', () => {
    const curl = `curl -X POST https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2 -H 'Content-Type: application/json' -d '${JSON.stringify({ ...check, hash: 'h' })}'`;
    expect(recogniseRequest(curl)).toMatchObject({ format: 'curl', fieldCount: 3, sentHash: 'h', endpoint: 'check-transaction', by: 'path' });
    expect(recogniseRequest('')).toMatchObject({ fieldCount: 0, by: 'none' });
    expect(recogniseRequest('{"broken": ').error).toMatch(/JSON/);
  });
});

describe('DoctorState', () => {
  it('arriving from a wrong-hash answer fills the request, and the same state again keeps the edits', () => {
    const doctor = new DoctorState(() => credentials, directRunner());
    const state = { endpoint: 'check-transaction', variant: 'documented', wire: { ...check, hash: 'abc' } };
    expect(doctor.arrive(state)).toBe(true);
    expect(doctor.tab).toBe('request');
    expect(doctor.endpointChoice).toBe('check-transaction');
    expect(JSON.parse(doctor.requestText)).toEqual({ ...check, hash: 'abc' });
    doctor.theirString = 'edited';
    expect(doctor.arrive(structuredClone(state))).toBe(false);
    expect(doctor.theirString).toBe('edited');
    expect(doctor.arrive({ pushback: { body: '{}', header: '' } })).toBe(true);
    expect(doctor.tab).toBe('callback');
  });

  it('takes the key from the environment until one is typed, the partner key for partner endpoints', () => {
    const env = { ...credentials };
    const doctor = new DoctorState(() => env, directRunner());
    doctor.requestText = wireAsText(Object.entries(check));
    expect(doctor.key).toBe(KEY);
    expect(doctor.keyFromEnvironment).toBe(true);
    doctor.endpointChoice = 'partner-merchant-info';
    expect(doctor.key).toBe('partner-key-1');
    expect(doctor.keyName).toBe('Partner key');
    doctor.setKey('typed');
    expect(doctor.key).toBe('typed');
    doctor.useEnvironmentKey();
    expect(doctor.key).toBe('partner-key-1');
    expect(doctor.pushbackKey).toBe(KEY);
  });

  it('diagnoses a check-transaction hashed without req_time, with the page’s one-second budget', async () => {
    const run = directRunner();
    const doctor = new DoctorState(() => credentials, run);
    doctor.requestText = wireAsText([...Object.entries(check), ['hash', hmac(check.merchant_id + check.tran_id)]]);
    // Without a path these fields fit three lookups equally; the person picks the one they called.
    doctor.endpointChoice = 'check-transaction';
    await doctor.diagnose();
    expect(run.jobs[0]).toMatchObject({ kind: 'diagnose', input: { key: KEY, search: DOCTOR_SEARCH } });
    const d = doctor.request.result!;
    expect(d.verdict).toBe('variant');
    expect(d.mistakes[0]).toMatchObject({ id: 'variant', variant: 'prose' });
    expect(d.expected.hash).toBe(hmac(check.req_time + check.merchant_id + check.tran_id));
    expect(doctor.request.running).toBe(false);
    expect(doctor.requestStale).toBe(false);
    doctor.theirHash = 'something else';
    expect(doctor.requestStale).toBe(true);
  });

  it('opened from a refused answer, never says "correct": a hash right for the environment key is not the emulator merchant\'s', async () => {
    const run = directRunner();
    const envKey = 'key-in-my-environment';
    const merchants = async () => [
      { merchantId: 'ec000002', apiKey: KEY },
      { merchantId: 'ec000777', apiKey: 'another-merchant-key' },
    ];
    const doctor = new DoctorState(() => ({ ...credentials, apiKey: envKey }), run, merchants);
    const sent = [...Object.entries(check), ['hash', hmac(check.req_time + check.merchant_id + check.tran_id, envKey)]];
    doctor.arrive({ endpoint: 'check-transaction', variant: 'with-req-time', wire: Object.fromEntries(sent), refused: { by: 'emulator', code: '5', message: 'Invalid hash', target: 'emulator' } });
    expect(doctor.refusedBy).toBe('emulator');
    await doctor.diagnose();
    const job = run.jobs[0]!;
    const fingerprint = (k: string) => createHash('sha256').update(k).digest('hex').slice(0, 16);
    expect(job.input).toMatchObject({ refused: { by: 'emulator', code: '5', merchantId: 'ec000002', merchantKeyFingerprint: fingerprint(KEY), otherMerchants: [{ merchantId: 'ec000777', keyFingerprint: fingerprint('another-merchant-key') }] } });
    // The emulator's keys never reach the worker: only their fingerprints.
    expect(JSON.stringify(job)).not.toContain('another-merchant-key');
    const d = doctor.request.result!;
    expect(d.match).toBe(false);
    expect(d.verdict).toBe('diagnosed');
    expect(d.mistakes[0]).toMatchObject({ id: 'refused-key-mismatch' });
    expect(doctor.requestStale).toBe(false);
    // An edited request is not the one that was refused: the answer's code no longer goes with it.
    doctor.requestText = doctor.requestText.replace('17394277693', '17394277694');
    expect(doctor.diagnoseInput.refused).toEqual({ by: 'emulator' });
  });

  it('still diagnoses a refused request when the emulator cannot be asked for its keys', async () => {
    const doctor = new DoctorState(() => credentials, directRunner(), async () => {
      throw new Error('no emulator');
    });
    doctor.arrive({ endpoint: 'check-transaction', wire: { ...check, hash: hmac(check.req_time + check.merchant_id + check.tran_id) }, refused: { by: 'emulator', code: '5' } });
    await doctor.diagnose();
    expect(doctor.request.result).toMatchObject({ match: false, verdict: 'refused' });
  });

  it('compares their string byte for byte, untrimmed', async () => {
    const doctor = new DoctorState(() => credentials, directRunner());
    doctor.requestText = wireAsText(Object.entries(check));
    doctor.theirString = check.req_time + check.merchant_id + check.tran_id + '\n';
    await doctor.diagnose();
    const d = doctor.request.result!;
    expect(d.difference).toMatchObject({ identical: false, byteIndex: 33 });
    expect(d.theirs.string?.endsWith('\n')).toBe(true);
  });

  it('says what is wrong with the input, and a key left empty is not sent', async () => {
    const run = directRunner();
    const doctor = new DoctorState(() => credentials, run);
    doctor.requestText = 'nothing = here\nat: all';
    doctor.setKey('');
    await doctor.diagnose();
    expect(doctor.request.result).toBeUndefined();
    expect(doctor.request.error).toMatch(/cannot tell which endpoint/);
    expect(doctor.request.error).not.toMatch(/the doctor failed/);
    expect(run.jobs[0]!.input).not.toHaveProperty('key');
  });

  it('shows only the newest answer; a job superseded in the worker leaves no error', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const run: DoctorRunner = async (job) => {
      calls++;
      if (calls === 1) {
        await gate;
        throw new DoctorJobError('superseded by a newer diagnosis', 'superseded');
      }
      return runDoctorJob(job);
    };
    const doctor = new DoctorState(() => credentials, run);
    doctor.requestText = wireAsText(Object.entries(check));
    const first = doctor.diagnose();
    expect(doctor.request.running).toBe(true);
    doctor.theirString = check.req_time + check.merchant_id + check.tran_id;
    await doctor.diagnose();
    release();
    await first;
    expect(doctor.request.error).toBeUndefined();
    expect(doctor.request.result?.verdict).toBe('correct');
    expect(doctor.request.running).toBe(false);
  });

  it('verifies a pushback and diagnoses a tampered one', async () => {
    const doctor = new DoctorState(() => credentials, directRunner());
    const body = { tran_id: '17394277693', apv: '123456', status: 0, return_params: '' };
    const header = hmac(['123456', '', '0', '17394277693'].join(''));
    doctor.pushbackBody = JSON.stringify(body);
    doctor.pushbackHeader = header;
    await doctor.verifyPushback();
    expect(doctor.pushback.result).toMatchObject({ verdict: 'valid', valid: true, stringToSign: '12345601739427769' + '3' });
    doctor.pushbackBody = JSON.stringify({ ...body, apv: '999999' });
    await doctor.verifyPushback();
    expect(doctor.pushback.result?.valid).toBe(false);
    expect(doctor.pushback.result?.verdict).toBe('unexplained');
  });
});
