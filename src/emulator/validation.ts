// Field checks for a received request: the catalog's field specs through the same checkField the form
// uses, over the decoded wire values; then which of the endpoint's own codes names the first problem.
import { fieldsOf } from '../core/catalog/index.ts';
import type { CodeSpec, EndpointSpec, FamilyId, FieldSpec, Variant } from '../core/catalog/types.ts';
import { base64ToBytes, utf8Decode } from '../core/signing/bytes.ts';
import { checkField, type Problem, type ProblemRule } from '../core/signing/fieldChecks.ts';

/** Rules the gateway enforces; 'advice' (say "10" instead of "10.00") is accepted as sent. */
const REJECTED: ReadonlySet<ProblemRule> = new Set(['required', 'max-length', 'allowed', 'format', 'type', 'amount-zero', 'amount-negative', 'amount-khr-decimals', 'amount-minimum']);

const formatProblem = (field: string, message: string): Problem => ({ field, severity: 'warning', message: `${field} ${message}`, rule: 'format' });

/** Base64 text → UTF-8 text, or undefined when it is not Base64. */
export function decodeBase64Text(wire: string): string | undefined {
  if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(wire)) return undefined;
  try {
    return utf8Decode(base64ToBytes(wire));
  } catch {
    return undefined;
  }
}

/** The user's input behind a wire value (what checkField judges), or a problem when it cannot be decoded. */
function inputOf(spec: FieldSpec, wire: string): string | Problem {
  if (wire === '' || spec.encoding === 'none' || spec.encoding === 'rsa') return wire;
  const text = spec.encoding === 'json' ? wire : decodeBase64Text(wire);
  if (text === undefined) return formatProblem(spec.name, 'is not Base64');
  if (spec.encoding === 'base64') return text;
  try {
    JSON.parse(text);
  } catch {
    return formatProblem(spec.name, spec.encoding === 'json' ? 'is not JSON' : 'is not Base64 of JSON');
  }
  return text;
}

/** Problems the gateway would refuse the request for, in field order, with `hash` checked last. */
export function fieldProblems(endpoint: EndpointSpec, variant: Variant, fields: Readonly<Record<string, string>>, now: Date): Problem[] {
  const problems: Problem[] = [];
  const currency = fields.currency;
  for (const spec of fieldsOf(endpoint, variant)) {
    if (spec.type === 'file') continue;
    const wire = fields[spec.name] ?? '';
    const input = inputOf(spec, wire);
    if (typeof input !== 'string') {
      problems.push(input);
      continue;
    }
    // RSA fields are judged after decryption; here only their presence counts.
    const checked = spec.encoding === 'rsa' ? { ...spec, maxLength: undefined, format: undefined } : spec;
    for (const problem of checkField(checked, input, wire, { currency, now })) if (problem.rule && REJECTED.has(problem.rule)) problems.push(problem);
  }
  if (!fields.hash) problems.push({ field: 'hash', severity: 'warning', message: 'hash is required', rule: 'required' });
  return problems;
}

export interface ProblemCode {
  code: string;
  fields?: readonly string[];
  rules?: readonly ProblemRule[];
  /** Only when the request's currency is this one (47 is about KHR). */
  currency?: string;
  /**
   * What the code's message must say on the endpoint: one number means different things on different
   * endpoints of a family (Purchase's 2 is "Invalid transaction ID", Close transaction's 2 is "already
   * approved", the v1 check's 2 is "Pending").
   */
  means: RegExp;
}

// Which code of a family's own list names a problem (reference §12.1, §12.2, §12.5). Applied only when
// the endpoint's code list has that code with that meaning, so the list decides, not this table.
const PURCHASE_CODES: readonly ProblemCode[] = [
  { code: '45', fields: ['amount'], rules: ['amount-zero'], means: /zero amount/i },
  { code: '46', fields: ['amount'], rules: ['amount-khr-decimals'], means: /decimal/i },
  { code: '47', fields: ['amount'], rules: ['amount-minimum'], currency: 'KHR', means: /greater than 100 KHR/i },
  { code: '3', fields: ['amount'], means: /invalid transaction amount/i },
  { code: '2', fields: ['tran_id'], means: /invalid transaction id/i },
  { code: '10', fields: ['shipping'], means: /shipping/i },
  { code: '13', fields: ['items'], means: /items/i },
  { code: '16', fields: ['firstname', 'first_name'], means: /first name/i },
  { code: '17', fields: ['lastname', 'last_name'], means: /last name/i },
  { code: '18', fields: ['phone'], means: /phone/i },
  { code: '19', fields: ['email'], means: /email/i },
  { code: '12', fields: ['currency'], means: /currency/i },
  { code: '23', fields: ['payment_option'], means: /payment option/i },
  { code: '35', fields: ['payout'], means: /payout info/i },
  { code: '76', fields: ['additional_params'], means: /additional param/i },
  { code: '69', fields: ['lifetime'], means: /lifetime/i },
  { code: '49', fields: ['from_date'], means: /start date/i },
  { code: '50', fields: ['to_date'], means: /end date/i },
  { code: '53', fields: ['from_amount', 'to_amount'], means: /amount range/i },
];

export const PROBLEM_CODES: Partial<Record<FamilyId, readonly ProblemCode[]>> = {
  checkout: PURCHASE_CODES,
  cof: PURCHASE_CODES,
  qr: PURCHASE_CODES.filter((c) => ['16', '17', '18', '19', '12', '23', '35', '47'].includes(c.code)),
  payout: [
    { code: '81', fields: ['amount'], rules: ['amount-zero', 'amount-negative'], means: /amount must be greater than 0/i },
    { code: '82', fields: ['currency'], means: /currency/i },
    { code: '80', fields: ['custom_fields'], means: /custom fields/i },
  ],
};

/** The code to answer for `problem`: the endpoint's specific code for it, else its validation code. */
export function codeForProblem(endpoint: EndpointSpec, problem: Problem, currency: string | undefined): CodeSpec {
  for (const entry of PROBLEM_CODES[endpoint.family] ?? []) {
    if (entry.fields && !entry.fields.includes(problem.field)) continue;
    if (entry.rules && !(problem.rule && entry.rules.includes(problem.rule))) continue;
    if (entry.currency && entry.currency !== currency?.toUpperCase()) continue;
    const spec = endpoint.codes.find((c) => c.code === entry.code);
    if (spec && entry.means.test(spec.message)) return spec;
  }
  return endpoint.outcomes.validation;
}

/** Laravel-style `errors` map the v3 and QR endpoints add to a 400 "04" answer. */
export function errorsMap(problems: readonly Problem[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const p of problems) (errors[p.field] ??= []).push(p.message);
  return errors;
}
