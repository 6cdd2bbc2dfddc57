// `payway-playground/emulator`: the PayWay emulator in your own tests, in-process through its fetch
// handler or on a real port. A thin re-export of src/emulator (and the Node server it runs on).
export { createNodeEmulator as createEmulator, type NodeEmulator as PayWayEmulator, type NodeEmulatorOptions as EmulatorOptions, type ListenOptions } from '../node/createNodeEmulator.ts';
export {
  DEMO_MERCHANT_CREDENTIALS,
  DEMO_PARTNER,
  memoryStateStore,
  restoreState,
  STATE_VERSION,
  behaviours,
  type MerchantCredentials,
  type PartnerCredentials,
  type StateStore,
  type EmulatorState,
  type Delivery,
  type InboxItem,
  type Transaction,
  type MerchantView,
  type Behaviour,
} from '../emulator/index.ts';
