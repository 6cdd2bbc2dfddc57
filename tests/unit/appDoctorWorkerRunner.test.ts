import { describe, expect, it } from 'vitest';
import { DoctorJobError, type DoctorReply, type DoctorRequest } from '../../src/app/workers/doctorProtocol.ts';
import { createWorkerRunner } from '../../src/app/workers/doctorWorkerRunner.ts';

/** A worker that records what it is sent and answers when the test says so. */
class FakeWorker extends EventTarget {
  static started: FakeWorker[] = [];
  sent: DoctorRequest[] = [];
  terminated = false;
  constructor() {
    super();
    FakeWorker.started.push(this);
  }
  postMessage(message: DoctorRequest) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: DoctorReply) {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }
  crash(message: string) {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

const job = { kind: 'pushback', input: { body: '{}' } } as const;
const start = () => new FakeWorker() as unknown as Worker;

describe('the doctor’s worker runner', () => {
  it('starts the worker on first use and keeps it for the next job', async () => {
    FakeWorker.started = [];
    const run = createWorkerRunner(start);
    expect(FakeWorker.started).toHaveLength(0);
    const first = run(job);
    const worker = FakeWorker.started[0]!;
    worker.reply({ id: worker.sent[0]!.id, ok: true, result: { verdict: 'need-key' } as never });
    await expect(first).resolves.toMatchObject({ verdict: 'need-key' });
    const second = run(job);
    worker.reply({ id: worker.sent[1]!.id, ok: false, input: true, message: 'the pushback body: bad JSON' });
    await expect(second).rejects.toMatchObject({ failure: 'input', message: 'the pushback body: bad JSON' });
    expect(FakeWorker.started).toHaveLength(1);
  });

  it('a new job ends the worker still searching for the old one, whose answer is dropped', async () => {
    FakeWorker.started = [];
    const run = createWorkerRunner(start);
    const old = run(job);
    const newer = run(job);
    await expect(old).rejects.toBeInstanceOf(DoctorJobError);
    await expect(old).rejects.toMatchObject({ failure: 'superseded' });
    const [first, second] = FakeWorker.started;
    expect(first!.terminated).toBe(true);
    first!.reply({ id: first!.sent[0]!.id, ok: true, result: { verdict: 'valid' } as never });
    second!.reply({ id: second!.sent[0]!.id, ok: true, result: { verdict: 'diagnosed' } as never });
    await expect(newer).resolves.toMatchObject({ verdict: 'diagnosed' });
  });

  it('a worker that crashes fails its job and is replaced by the next one', async () => {
    FakeWorker.started = [];
    const run = createWorkerRunner(start);
    const failing = run(job);
    FakeWorker.started[0]!.crash('boom');
    await expect(failing).rejects.toMatchObject({ failure: 'failed', message: expect.stringContaining('boom') });
    void run(job).catch(() => {});
    expect(FakeWorker.started).toHaveLength(2);
  });
});
