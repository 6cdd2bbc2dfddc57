// The current collection schema under version-free names. Moving to v2 changes this file, adds v2.ts with
// its up() in migrations.ts, and adds tests/fixtures/collections/v2/: nothing else names a version.
export {
  VERSION as COLLECTION_VERSION,
  validateCollectionFile,
  validateEnvironment,
  validateStep,
  type ActionStepV1 as ActionStep,
  type CollectionV1 as Collection,
  type EnvironmentV1 as CollectionEnvironment,
  type ExpectationV1 as Expectation,
  type FlowV1 as Flow,
  type RequestStepV1 as RequestStep,
  type StepV1 as Step,
} from './v1.ts';
export { ACTIONS, COLLECTION_FILE, COLLECTION_FORMAT, ENVIRONMENTS_FOLDER, SECRET_NAMES, nameFromFile, subjectProblem, type Action, type CollectionProblem, type SecretName } from './v1.ts';
