// What the page and the doctor's worker say to each other: one job in, one answer out, matched by id.
import type { DiagnoseInput, Diagnosis, PushbackDiagnosis, PushbackInput } from '../../core/doctor/index.ts';

export type DoctorJob = { kind: 'diagnose'; input: DiagnoseInput } | { kind: 'pushback'; input: PushbackInput };

export type DoctorResult<J extends DoctorJob> = J extends { kind: 'diagnose' } ? Diagnosis : PushbackDiagnosis;

export interface DoctorRequest {
  id: number;
  job: DoctorJob;
}

export type DoctorReply =
  | { id: number; ok: true; result: Diagnosis | PushbackDiagnosis }
  /** `input`: the request itself cannot be read (DoctorInputError); otherwise the doctor failed. */
  | { id: number; ok: false; input: boolean; message: string };

/** Why a job has no result: the input cannot be read (the person can fix it), the doctor failed, or a
 *  newer job took its place (nobody wants the answer). */
export type DoctorFailure = 'input' | 'failed' | 'superseded';

export class DoctorJobError extends Error {
  constructor(
    message: string,
    readonly failure: DoctorFailure,
  ) {
    super(message);
    this.name = 'DoctorJobError';
  }
}

/** Runs a job somewhere (a worker in the page, the doctor itself in tests). */
export type DoctorRunner = <J extends DoctorJob>(job: J) => Promise<DoctorResult<J>>;
