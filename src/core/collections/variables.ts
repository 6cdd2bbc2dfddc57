// {{variables}} in step files. A name is looked up in the flow's captures, then the environment, then
// the collection's defaults; names starting with $ are built-ins, each computed once per step (so a
// step that uses {{$tranId}} twice sends one id).
import { bytesToHex } from '../signing/bytes.ts';
import { formatReqTime } from '../signing/reqTime.ts';
import type { RandomBytes } from '../signing/rsa.ts';

export const VARIABLE = /\{\{\s*([$A-Za-z_][\w.+-]*)\s*\}\}/g;

export const BUILT_INS = {
  $now: 'the time now as req_time / request_time wants it: UTC YYYYMMDDHHmmss',
  $tranId: 'a fresh tran_id (≤ 20 characters, letters and digits)',
  $uuid: 'a random UUID',
  $timestamp: 'Unix seconds now; $timestamp+86400 is a day ahead (payment-link expired_date)',
  $inboxUrl: "the emulator's pushback inbox: put it in return_url / callback_url to collect pushbacks (emulator only)",
  $baseUrl: 'the base URL of the target',
} as const;

export interface BuiltInContext {
  now: () => Date;
  random: RandomBytes;
  baseUrl: string;
  /** Absent when the target is not an emulator. */
  inboxUrl?: string;
}

/** One step's built-ins: each computed on first use and kept for the rest of the step. */
export class StepBuiltIns {
  readonly #values = new Map<string, string>();
  constructor(readonly context: BuiltInContext) {}

  /** The value, or an Error that says why there is none. */
  get(name: string): string | Error {
    const known = this.#values.get(name);
    if (known !== undefined) return known;
    const value = this.#compute(name);
    if (typeof value === 'string') this.#values.set(name, value);
    return value;
  }

  #compute(name: string): string | Error {
    const { now, random, baseUrl, inboxUrl } = this.context;
    const offset = /^\$timestamp([+-]\d+)?$/.exec(name);
    if (offset) return String(Math.floor(now().getTime() / 1000) + Number(offset[1] ?? 0));
    switch (name) {
      case '$now':
        return formatReqTime(now());
      case '$tranId':
        // Time (base 36) then randomness: sortable, unique across runs, within PayWay's 20 characters.
        return ('T' + now().getTime().toString(36) + bytesToHex(random(5))).toUpperCase().slice(0, 20);
      case '$uuid': {
        const b = random(16);
        b[6] = (b[6]! & 0x0f) | 0x40;
        b[8] = (b[8]! & 0x3f) | 0x80;
        const hex = bytesToHex(b);
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      }
      case '$baseUrl':
        return baseUrl;
      case '$inboxUrl':
        return inboxUrl ?? new Error('{{$inboxUrl}} exists only when the target is an emulator (--target mock, or a URL where the emulator answers)');
      default:
        return new Error(`{{${name}}} is not a built-in (${Object.keys(BUILT_INS).join(', ')})`);
    }
  }
}

export interface VariableSources {
  /** Captured earlier in this flow. */
  flow: ReadonlyMap<string, string>;
  environment: Readonly<Record<string, string>>;
  collection: Readonly<Record<string, string>>;
  /** Given on the command line (--var): above everything else. */
  overrides?: Readonly<Record<string, string>>;
}

export class UndefinedVariableError extends Error {
  override name = 'UndefinedVariableError';
}

export function lookup(name: string, sources: VariableSources): string | undefined {
  return sources.overrides?.[name] ?? sources.flow.get(name) ?? sources.environment[name] ?? sources.collection[name];
}

/**
 * `text` with every {{name}} replaced. Throws UndefinedVariableError naming the variable and, when a
 * step of this flow was to capture it, that step (`capturedBy`).
 */
export function substitute(text: string, sources: VariableSources, builtIns: StepBuiltIns, capturedBy?: (name: string) => string | undefined): string {
  if (!text.includes('{{')) return text;
  return text.replace(VARIABLE, (_whole, name: string) => {
    if (name.startsWith('$')) {
      const value = builtIns.get(name);
      if (value instanceof Error) throw new UndefinedVariableError(value.message);
      return value;
    }
    const value = lookup(name, sources);
    if (value !== undefined) return value;
    const by = capturedBy?.(name);
    throw new UndefinedVariableError(
      by ? `{{${name}}} has no value: "${by}" was to capture it and did not` : `{{${name}}} is not defined (not captured earlier in this flow, not in the environment, not in the collection's variables)`,
    );
  });
}

/** Every value of a name → text map with variables replaced. */
export function substituteAll(map: Readonly<Record<string, string>>, sources: VariableSources, builtIns: StepBuiltIns, capturedBy?: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) out[name] = substitute(value, sources, builtIns, capturedBy);
  return out;
}
