// One doctor job, run where this module is loaded: in the doctor's worker, or directly in tests.
import { diagnose, diagnosePushback, DoctorInputError } from '../../core/doctor/index.ts';
import { DoctorJobError, type DoctorJob, type DoctorResult } from './doctorProtocol.ts';

export async function runDoctorJob<J extends DoctorJob>(job: J): Promise<DoctorResult<J>> {
  try {
    const result = job.kind === 'diagnose' ? await diagnose(job.input) : await diagnosePushback(job.input);
    return result as DoctorResult<J>;
  } catch (error) {
    throw new DoctorJobError(error instanceof Error ? error.message : String(error), error instanceof DoctorInputError ? 'input' : 'failed');
  }
}
