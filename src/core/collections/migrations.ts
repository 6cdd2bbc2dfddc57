// The chain of collection versions. A collection is versioned as a whole (the version is written once,
// in payway-collection.json), so a migration lifts every file of it at once: one commit in the team's
// repository. Version 1 is the first: it has no up(). To add version 2: write v2.ts and its
// `up(document)`, append it here, point schema.ts at it, and keep tests/fixtures/collections/v1/.
import { COLLECTION_VERSION } from './schema.ts';

/** A collection as parsed files, before validation: what a migration rewrites. */
export interface RawCollection {
  collection: Record<string, unknown>;
  /** By environment name. */
  environments: { name: string; file: string; raw: Record<string, unknown> }[];
  steps: { file: string; raw: Record<string, unknown> }[];
}

export interface CollectionSchemaStep {
  version: number;
  /** Lifts a collection of version − 1 to this version. Absent on the first version. */
  up?: (collection: RawCollection) => RawCollection;
}

export const collectionSteps: readonly CollectionSchemaStep[] = [{ version: 1 }];

export class NewerCollectionError extends Error {
  override name = 'NewerCollectionError';
  constructor(
    readonly found: number,
    readonly supported: number = COLLECTION_VERSION,
  ) {
    super(`the collection is version ${found}, written by a newer PayWay Playground (this one reads up to ${supported}); update it to open this collection`);
  }
}

/** The collection lifted to the current version. Throws NewerCollectionError, or TypeError for a bad version. */
export function migrateCollection(raw: RawCollection, from: unknown, steps: readonly CollectionSchemaStep[] = collectionSteps): RawCollection {
  const latest = steps[steps.length - 1]?.version ?? COLLECTION_VERSION;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) throw new TypeError(`"version" must be a collection version (1…${latest})`);
  if (from > latest) throw new NewerCollectionError(from, latest);
  let current = raw;
  for (const step of steps) {
    if (step.version <= from) continue;
    if (!step.up) throw new Error(`collection version ${step.version} has no up() migration`);
    current = step.up(current);
    current = { ...current, collection: { ...current.collection, version: step.version } };
  }
  return current;
}
