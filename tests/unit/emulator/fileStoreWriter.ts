// Child process for the atomic-write test: saves ever-growing states to the file named in argv until
// killed, printing "saved N" after each save that completed.
import { fileStateStore } from '../../../src/node/fileStateStore.ts';
import { emptyState } from '../../../src/emulator/state.ts';

const store = fileStateStore(process.argv[2]!);
const padding = 'x'.repeat(200_000);
for (let n = 1; ; n++) {
  const state = emptyState();
  state.merchants.push({ merchantId: `m${n}`, name: padding, apiKey: String(n), rsaPublicKeyPem: '', rsaPrivateKeyPem: '', currency: 'USD' });
  await store.save(state);
  process.stdout.write(`saved ${n}\n`);
}
