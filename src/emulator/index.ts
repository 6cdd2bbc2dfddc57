// The PayWay emulator: createEmulator() and what its callers configure it with.
export { createEmulator, type Emulator } from './createEmulator.ts';
export type { EmulatorOptions } from './emulatorCore.ts';
export { DEMO_MERCHANT_CREDENTIALS, DEMO_PARTNER, type MerchantCredentials, type PartnerCredentials } from './merchants.ts';
export { memoryStateStore, type RecordChange, type StateStore, type StoredRecords } from './stateStore.ts';
export { restoreState, STATE_VERSION, type EmulatorState, type Delivery, type InboxItem, type Transaction } from './state.ts';
export type { MerchantView } from './admin.ts';
export { behaviours, type Behaviour } from './behaviours.ts';
