// The doctor reads a JSON number the way PayWay does (as PHP prints it) and says so in the finding.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { diagnose } from '../../src/core/doctor/index.ts';

const KEY = DEMO_MERCHANT.apiKey;
const sign = (text: string) => createHmac('sha512', KEY).update(text).digest('base64');

describe('the doctor and JSON numbers', () => {
  it('diagnoses a number hashed as written, naming PHP\'s reading of it', async () => {
    const body = `{"req_time":"20250728022056","merchant_id":"ec000002","tran_id":"17536691884","amount":7.00,"hash":"${sign('20250728022056ec000002175366918847.00')}"}`;
    const d = await diagnose({ endpointId: 'purchase', requestText: body, key: KEY });
    expect(d.wire.find(([n]) => n === 'amount')).toEqual(['amount', '7']);
    expect(d.expected.stringToSign).toBe('20250728022056ec000002175366918847');
    expect(d.verdict).toBe('diagnosed');
    expect(d.mistakes[0]!.field).toBe('amount');
    expect(d.mistakes[0]!.explanation).toMatch(/sends amount as the JSON number 7\.00, which PayWay hashes as PHP prints it: "7", not "7\.00"/);
    expect(d.warnings.map((w) => w.message).join(' ')).toMatch(/amount is the JSON number 7\.00/);
  });

  it('finds a number hashed as PHP prints it correct', async () => {
    const body = `{"req_time":"20250728022056","merchant_id":"ec000002","tran_id":"17536691884","amount":7.00,"hash":"${sign('20250728022056ec000002175366918847')}"}`;
    expect((await diagnose({ endpointId: 'purchase', requestText: body, key: KEY })).verdict).toBe('correct');
  });
});
