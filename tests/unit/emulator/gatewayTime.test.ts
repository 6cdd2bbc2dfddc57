// Gateway times: PayWay answers in UTC+7. The memoised readers of stored ISO timestamps give exactly
// what parsing and formatting each time gives, also past the memo's size limit.
import { describe, expect, it } from 'vitest';
import { gatewayIso, gatewayTime, gatewayTimeOf, instantOf, parseGatewayTime } from '../../../src/emulator/gatewayTime.ts';

describe('gatewayTime', () => {
  it('writes UTC+7 across a day, month and year boundary', () => {
    expect(gatewayTime(new Date('2025-12-31T17:00:00.000Z'))).toBe('2026-01-01 00:00:00');
    expect(gatewayTime(new Date('2025-02-13T06:55:45.000Z'))).toBe('2025-02-13 13:55:45');
    expect(gatewayIso(new Date('2025-02-13T06:55:45.000Z'))).toBe('2025-02-13T13:55:45+07:00');
  });

  it('reads back what it writes, and refuses times that do not exist', () => {
    expect(parseGatewayTime('2025-02-13 13:55:45')?.toISOString()).toBe('2025-02-13T06:55:45.000Z');
    expect(parseGatewayTime('2025-02-30 00:00:00')).toBeUndefined();
    expect(parseGatewayTime('2025-02-13T13:55:45')).toBeUndefined();
  });
});

describe('instantOf and gatewayTimeOf (memoised)', () => {
  it('equal Date.parse and gatewayTime(new Date()) for stored timestamps, including one that is not a date', () => {
    for (const iso of ['2025-02-13T06:55:45.000Z', '2025-12-31T17:00:00.000Z', '1999-01-01T00:00:00Z', 'not a date']) {
      expect(instantOf(iso)).toEqual(Date.parse(iso));
      expect(instantOf(iso)).toEqual(Date.parse(iso)); // the second read comes from the memo
      expect(gatewayTimeOf(iso)).toBe(gatewayTime(new Date(iso)));
    }
  });

  it('stays right past the memo limit (the memo is cleared, never wrong)', () => {
    const start = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 10_050; i++) {
      const iso = new Date(start + i * 61_000).toISOString();
      expect(instantOf(iso)).toBe(start + i * 61_000);
      if (i % 997 === 0) expect(gatewayTimeOf(iso)).toBe(gatewayTime(new Date(iso)));
    }
  });
});
