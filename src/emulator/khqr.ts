// KHQR payloads (reference §10.2): EMV tag-length-value fields, closed by a CRC-16/CCITT-FALSE over the
// whole string up to and including "6304". Built for the QR API and the checkout page, parsed to
// simulate a scan.
import { utf8Encode } from '../core/signing/bytes.ts';
import type { Currency } from './money.ts';

/** The Bakong account id in the reference's example payload. */
export const DEMO_BAKONG_ID = 'abaakhppxxx@abaa';

const CURRENCY_CODE: Record<Currency, string> = { KHR: '116', USD: '840' };

/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR. */
export function crc16(text: string): number {
  let crc = 0xffff;
  for (const byte of utf8Encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const crcHex = (text: string) => crc16(text).toString(16).toUpperCase().padStart(4, '0');

function tlv(tag: string, value: string): string {
  if (value.length > 99) throw new Error(`KHQR tag ${tag} is longer than 99 characters`);
  return tag + String(value.length).padStart(2, '0') + value;
}

/** EMV payloads are ASCII; names keep their letters and lose the rest. */
const ascii = (text: string, max: number) => text.replace(/[^\x20-\x7e]/g, '').slice(0, max).trim() || 'Merchant';

export interface KhqrInput {
  merchantId: string;
  merchantName: string;
  /** Amount text as tag 54 carries it (KHR without decimals); absent for a static QR. */
  amountText?: string;
  currency: Currency;
  /** Tag 62.01, what transactions-by-merchant-ref looks up. */
  merchantRef: string;
  createdAt: Date;
  expiresAt?: Date;
  city?: string;
}

export function buildKhqr(input: KhqrInput): string {
  const dynamic = input.amountText !== undefined;
  let payload =
    tlv('00', '01') +
    tlv('01', dynamic ? '12' : '11') +
    tlv('30', tlv('00', DEMO_BAKONG_ID) + tlv('01', input.merchantId.slice(0, 32)) + tlv('02', 'ABA Bank')) +
    tlv('52', '5999') +
    tlv('53', CURRENCY_CODE[input.currency]) +
    (dynamic ? tlv('54', input.amountText!) : '') +
    tlv('58', 'KH') +
    tlv('59', ascii(input.merchantName, 25)) +
    tlv('60', ascii(input.city ?? 'Phnom Penh', 15)) +
    tlv('62', tlv('01', ascii(input.merchantRef, 25)));
  const created = input.createdAt.getTime();
  payload += tlv('99', tlv('00', String(created)) + (input.expiresAt ? tlv('01', String(input.expiresAt.getTime())) : ''));
  payload += '6304';
  return payload + crcHex(payload);
}

export type KhqrFields = Map<string, string>;

/** Top-level tags of a payload; throws with the reason when it is not well-formed or the CRC is wrong. */
export function parseKhqr(payload: string): KhqrFields {
  if (!/^[\x20-\x7e]+$/.test(payload)) throw new Error('the payload is not ASCII text');
  const fields = parseTlv(payload);
  const crc = fields.get('63');
  if (!crc || !payload.endsWith('6304' + crc)) throw new Error('the payload does not end with the CRC tag 63');
  if (crcHex(payload.slice(0, -4)) !== crc.toUpperCase()) throw new Error('the CRC does not match the payload');
  if (fields.get('00') !== '01') throw new Error('tag 00 (payload format) is not "01"');
  return fields;
}

export function parseTlv(text: string): KhqrFields {
  const fields: KhqrFields = new Map();
  for (let at = 0; at < text.length; ) {
    const tag = text.slice(at, at + 2);
    const length = Number(text.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(tag) || !/^\d{2}$/.test(text.slice(at + 2, at + 4)) || at + 4 + length > text.length) {
      throw new Error(`malformed tag-length-value at character ${at}`);
    }
    fields.set(tag, text.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

export const currencyOfKhqr = (code: string | undefined): Currency | undefined =>
  code === '116' ? 'KHR' : code === '840' ? 'USD' : undefined;
