// Checks that PayWay would reject, shown as warnings beside the value. They never rewrite anything:
// the hash is always over what the user typed.
import type { FieldSpec } from '../catalog/types.ts';
import { parseJsonInput } from './jsonInput.ts';
import { checkReqTime, parseReqTime } from './reqTime.ts';

/**
 * Which check a problem comes from, for code (the emulator maps rules to PayWay's codes). 'advice' marks
 * warnings about text PayWay accepts but that often causes a hash mismatch or a later rejection.
 */
export type ProblemRule =
  | 'required'
  | 'max-length'
  | 'allowed'
  | 'format'
  | 'type'
  | 'amount-zero'
  | 'amount-negative'
  | 'amount-khr-decimals'
  | 'amount-minimum'
  | 'advice';

export interface Problem {
  field: string;
  /** 'error': the value cannot be encoded as asked (e.g. invalid JSON); 'warning': PayWay would likely reject it. */
  severity: 'error' | 'warning';
  message: string;
  /** Set by checkField; absent on problems found while encoding. */
  rule?: ProblemRule;
}

interface Finding {
  message: string;
  rule: ProblemRule;
}

const as = (rule: ProblemRule) => (message: string): Finding => ({ message, rule });

export interface CheckContext {
  currency?: string;
  now: Date;
}

/**
 * Canonical amount text as SDKs send it (USD with 2 decimals, KHR as an integer), or undefined when
 * the currency is unknown or the text cannot be rewritten without changing the amount.
 */
export function canonicalAmount(text: string, currency: string | undefined): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || !currency) return undefined;
  const [, whole, decimals = ''] = match as unknown as [string, string, string | undefined];
  const significant = decimals.replace(/0+$/, '');
  const integer = String(BigInt(whole)); // no leading zeros, no float rounding
  if (currency.toUpperCase() === 'KHR') return significant ? undefined : integer;
  if (currency.toUpperCase() !== 'USD' || significant.length > 2) return undefined;
  return `${integer}.${significant.padEnd(2, '0')}`;
}

function checkAmount(text: string, currency: string | undefined): Finding[] {
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    if (/,/.test(text)) return [as('format')('has a thousands separator; send digits and a decimal point only')];
    return [as('format')('is not a decimal number')];
  }
  const value = Number(text);
  const khr = currency?.toUpperCase() === 'KHR';
  const out: Finding[] = [];
  if (value === 0) out.push(as('amount-zero')('is zero; PayWay refuses zero amounts (code 45)'));
  if (value < 0) out.push(as('amount-negative')('is negative'));
  if (khr && text.includes('.')) out.push(as('amount-khr-decimals')('has decimals, which KHR amounts may not have (code 46)'));
  if (khr && value > 0 && value < 100) out.push(as('amount-minimum')('is below 100 KHR, the minimum (code 47)'));
  if (!khr && value > 0 && value < 0.01) out.push(as('amount-minimum')('is below 0.01 USD, the minimum'));
  if (!khr && /\.\d*[1-9]\d*$/.test(text) && /\.\d{3,}$/.test(text.replace(/0+$/, ''))) {
    out.push(as('advice')('has more than 2 decimals; USD amounts are in cents'));
  }
  const canonical = canonicalAmount(text, currency);
  if (canonical !== undefined && canonical !== text && out.length === 0) {
    out.push(as('advice')(`is written "${text}"; SDKs send "${canonical}". PayWay hashes the text as sent, so both sides must use the same text`));
  }
  return out;
}

/** Shipping, fees and amount-range filters: a non-negative decimal; zero is fine, no minimum applies. */
function checkMoney(text: string, currency: string | undefined): Finding[] {
  if (!/^\d+(\.\d+)?$/.test(text)) return [as('format')(/,/.test(text) ? 'has a thousands separator; send digits and a decimal point only' : 'is not a non-negative decimal number')];
  if (currency?.toUpperCase() === 'KHR' && text.includes('.')) return [as('amount-khr-decimals')('has decimals, which KHR amounts may not have (code 46)')];
  return [];
}

/** A malformed req_time is a format error; an offset from now (local time, stale) is advice. */
function checkReqTimeFindings(text: string, now: Date): Finding[] {
  const messages = checkReqTime(text, now);
  if (!messages.length) return [];
  const rule: ProblemRule = /^\d{14}$/.test(text) && parseReqTime(text) ? 'advice' : 'format';
  return messages.map(as(rule));
}

const formatRule = (check: (text: string) => string[]) => (text: string): Finding[] => check(text).map(as('format'));

const FORMAT_CHECKS: Record<string, (text: string, ctx: CheckContext) => Finding[]> = {
  'req-time': (text, ctx) => checkReqTimeFindings(text, ctx.now),
  amount: (text, ctx) => checkAmount(text, ctx.currency),
  money: (text, ctx) => checkMoney(text, ctx.currency),
  // Sent as plain text that the docs' samples fill with JSON; anything else is legal but worth a word.
  json: (text) => {
    const parsed = parseJsonInput(text);
    return parsed.ok ? [] : [as('advice')(`is not JSON (${parsed.message}); the docs' samples send JSON here`)];
  },
  email: formatRule((text) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? [] : ['is not an e-mail address'])),
  phone: formatRule((text) => (/^\+?[0-9 ]{6,20}$/.test(text) ? [] : ['should be digits, optionally with a leading +'])),
  url: formatRule((text) => (/^https?:\/\/[^\s]+$/.test(text) ? [] : ['is not an http(s) URL'])),
  'date-time': formatRule((text) => (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? [] : ['must be YYYY-MM-DD HH:mm:ss (gateway time, UTC+7)'])),
  'alnum-5-24': formatRule((text) => (/^[a-zA-Z0-9]{5,24}$/.test(text) ? [] : ['must be 5 to 24 letters or digits'])),
  'tran-id': formatRule((text) => (/^[A-Za-z0-9-]+$/.test(text) ? [] : ['has characters other than letters, digits and "-", which the sandbox refuses'])),
  name: formatRule((text) => (/^[\p{L}\p{M} .'-]+$/u.test(text) ? [] : ['has digits or special characters (codes 16/17)'])),
  'unix-seconds': formatRule((text) => (/^\d{9,11}$/.test(text) ? [] : ['must be Unix time in seconds'])),
};

const TYPE_CHECKS: Partial<Record<FieldSpec['type'], (text: string) => Finding[]>> = {
  integer: (text) => (/^-?\d+$/.test(text) ? [] : [as('type')('must be a whole number')]),
  number: (text) => (/^-?\d+(\.\d+)?$/.test(text) ? [] : [as('type')('must be a number')]),
};

/**
 * Problems with one field. `input` is what the user typed; `wire` is what will be sent and hashed.
 * Length limits apply to the wire value (PayWay sees the encoded text).
 */
function warn(problems: Problem[], spec: FieldSpec, rule: ProblemRule, message: string): void {
  problems.push({ field: spec.name, severity: 'warning', message: `${spec.name} ${message}`, rule });
}

export function checkField(spec: FieldSpec, input: string, wire: string, ctx: CheckContext): Problem[] {
  // No closure per call: the emulator checks every field of every request with this.
  const problems: Problem[] = [];
  if (wire === '') {
    if (spec.required === true) warn(problems, spec, 'required', 'is required');
    return problems;
  }
  if (spec.maxLength !== undefined && wire.length > spec.maxLength) {
    warn(problems, spec, 'max-length', `is ${wire.length} characters${spec.encoding !== 'none' ? ' once encoded' : ''}; the limit is ${spec.maxLength}`);
  }
  if (spec.allowed && !spec.allowed.includes(input)) {
    const caseOnly = spec.allowed.some((v) => v.toLowerCase() === input.toLowerCase());
    if (!caseOnly || !spec.allowedOpen) warn(problems, spec, 'allowed', `is "${input}"; ${spec.allowedOpen ? 'known' : 'allowed'} values are ${spec.allowed.join(', ')}`);
  }
  const byFormat = spec.format ? FORMAT_CHECKS[spec.format] : undefined;
  const findings = byFormat ? byFormat(input, ctx) : (TYPE_CHECKS[spec.type]?.(input) ?? []);
  for (const finding of findings) warn(problems, spec, finding.rule, finding.message);
  return problems;
}
