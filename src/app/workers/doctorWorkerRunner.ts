// Runs doctor jobs in a Web Worker started on first use. One job at a time: a new job ends the worker
// that is still searching for an older one (its answer is no longer wanted) and starts a fresh one.
import { DoctorJobError, type DoctorJob, type DoctorReply, type DoctorResult, type DoctorRunner } from './doctorProtocol.ts';

export function createWorkerRunner(start: () => Worker = () => new Worker(new URL('./doctor.worker.ts', import.meta.url), { type: 'module' })): DoctorRunner {
  let worker: Worker | undefined;
  let sequence = 0;
  let pending: { id: number; resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;

  const fail = (error: Error) => {
    pending?.reject(error);
    pending = undefined;
  };

  function ensureWorker(): Worker {
    if (worker) return worker;
    const created = start();
    created.addEventListener('message', (event: MessageEvent<DoctorReply>) => {
      const reply = event.data;
      if (!pending || reply.id !== pending.id) return;
      const { resolve, reject } = pending;
      pending = undefined;
      if (reply.ok) resolve(reply.result);
      else reject(new DoctorJobError(reply.message, reply.input ? 'input' : 'failed'));
    });
    created.addEventListener('error', (event) => {
      event.preventDefault();
      worker?.terminate();
      worker = undefined;
      fail(new DoctorJobError(`the doctor's worker stopped: ${event.message || 'it could not be loaded'}`, 'failed'));
    });
    worker = created;
    return created;
  }

  return <J extends DoctorJob>(job: J) =>
    new Promise<DoctorResult<J>>((resolve, reject) => {
      if (pending) {
        worker?.terminate();
        worker = undefined;
        fail(new DoctorJobError('superseded by a newer diagnosis', 'superseded'));
      }
      const id = ++sequence;
      pending = { id, resolve: resolve as (value: unknown) => void, reject };
      ensureWorker().postMessage({ id, job });
    });
}
