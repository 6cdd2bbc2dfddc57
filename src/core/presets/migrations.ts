// The chain of schema versions. A record written at version n is lifted one version at a time by each
// later version's up(), then validated by the current version. Version 1 is the first: it has no up().
// To add version 2: write v2.ts (types, validators, `up(recordV1, kind)`), append it here, point
// schema.ts at it, and keep tests/fixtures/presets/v1/ — the fixture test proves they still load.
import { SCHEMA_VERSION, type RecordKind } from './schema.ts';

export interface SchemaStep {
  version: number;
  /** Lifts a record of version − 1 to this version. Absent on the first version. */
  up?: (record: Record<string, unknown>, kind: RecordKind) => Record<string, unknown>;
}

export const schemaSteps: readonly SchemaStep[] = [{ version: 1 }];

/** A record or document written by a newer version of the app than this one. */
export class NewerVersionError extends Error {
  override name = 'NewerVersionError';
  constructor(
    readonly found: number,
    readonly supported: number = SCHEMA_VERSION,
  ) {
    super(`it was written by a newer version of PayWay Playground (format ${found}; this one reads up to ${supported}). Update or reload the app to open it.`);
  }
}

/**
 * The record lifted to the current version, and the version it came from. Throws NewerVersionError.
 * `steps` is a parameter only so tests can prove the mechanism with a made-up next version.
 */
export function migrate(
  record: Record<string, unknown>,
  kind: RecordKind,
  steps: readonly SchemaStep[] = schemaSteps,
): { record: Record<string, unknown>; from: number } {
  const latest = steps[steps.length - 1]?.version ?? SCHEMA_VERSION;
  const from = record.v;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) throw new TypeError(`"v" must be a schema version (1…${latest})`);
  if (from > latest) throw new NewerVersionError(from, latest);
  let current = record;
  for (const step of steps) {
    if (step.version <= from) continue;
    if (!step.up) throw new Error(`schema version ${step.version} has no up() migration`);
    current = { ...step.up(current, kind), v: step.version };
  }
  return { record: current, from };
}
