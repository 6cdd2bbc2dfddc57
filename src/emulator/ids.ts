// Identifiers the gateway invents (approval codes, bank references, tokens, trace ids), all drawn from the
// injected random source so a seeded emulator answers the same every run.
import type { RandomBytes } from '../core/signing/rsa.ts';
import { bytesToBase64, bytesToHex } from '../core/signing/bytes.ts';

export class IdSource {
  constructor(private readonly random: RandomBytes) {}

  digits(count: number): string {
    let out = '';
    while (out.length < count) for (const byte of this.random(count)) if (byte < 250 && out.length < count) out += String(byte % 10);
    return out;
  }

  hex(bytes: number): string {
    return bytesToHex(this.random(bytes));
  }

  base64(bytes: number): string {
    return bytesToBase64(this.random(bytes));
  }

  /** Letters and digits, for tokens and slugs. */
  alphanumeric(count: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    while (out.length < count) for (const byte of this.random(count)) if (byte < 248 && out.length < count) out += alphabet[byte % 62];
    return out;
  }

  apv = () => this.digits(6);
  bankRef = () => '100FT' + this.digits(11);
  traceId = () => this.hex(16);
}
