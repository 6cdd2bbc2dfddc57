// The current schema version under version-free names. Moving to v2 changes this file, adds v2.ts with
// its up() in migrations.ts, and adds tests/fixtures/presets/v2/: nothing else names a version.
export {
  VERSION as SCHEMA_VERSION,
  uniqueTags,
  validateRecordV1 as validateRecord,
  type EnvironmentRefV1 as EnvironmentRef,
  type EnvironmentV1 as StoredEnvironment,
  type HistoryEntryV1 as HistoryEntry,
  type PresetV1 as Preset,
  type RecordKind,
  type RecordV1 as StoredRecord,
  type SchemaProblem,
  type Validated,
} from './v1.ts';
