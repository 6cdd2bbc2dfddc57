// The doctor off the page's thread: a search may take up to its 900 ms budget, and typing must not wait.
import { DoctorJobError, type DoctorReply, type DoctorRequest } from './doctorProtocol.ts';
import { runDoctorJob } from './runDoctorJob.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', async (event: MessageEvent<DoctorRequest>) => {
  const { id, job } = event.data;
  let reply: DoctorReply;
  try {
    reply = { id, ok: true, result: await runDoctorJob(job) };
  } catch (error) {
    const failure = error instanceof DoctorJobError ? error.failure : 'failed';
    reply = { id, ok: false, input: failure === 'input', message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
});
