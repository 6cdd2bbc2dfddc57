// What a language writes when code concatenates a value that is not a string: JavaScript's
// "[object Object]" and "true", PHP's "Array" and "1", Python's reprs ({'name': 'x'}, True, None); and the whole request body serialised as JSON and hashed instead of the recipe.
// Seen in public clients: tykealy/payway-ts hashes Object.values(body).map(String) (an object or a
// boolean becomes "[object Object]" / "true"); Sourcedevkh/py-payway joins str(v) for every value (True,
// None, a float's "7.0", a dict's repr); abapayway/node hashes String(value) for every field.
import type { FieldSpec } from '../catalog/types.ts';
import { setValue } from './draft.ts';
import { Phase, quote, type LanguageWords, type Mistake } from './mistake.ts';
import { decodeBase64Text, jsonStyles, parseJson } from './valueMistakes.ts';

/** JavaScript's String(value). */
function jsString(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? '' : jsString(v))).join(',');
  if (value && typeof value === 'object') return '[object Object]';
  return String(value);
}

/** Python's str(value) of what json.loads would give (repr inside containers). */
export function pythonRepr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value as object).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  return String(value);
}

interface Form {
  text: string;
  weight: number;
  mistake: string;
  explanation: string;
  fix: string;
  words?: LanguageWords;
}

function stringify(name: string, form: Form): Mistake {
  return {
    id: 'stringified',
    ref: `stringified:${name}:${form.text}`,
    kind: 'stringification',
    field: name,
    mistake: form.mistake,
    explanation: form.explanation,
    fix: form.fix,
    ...(form.words ? { words: form.words } : {}),
    weight: form.weight,
    slots: [`value:${name}`, `field:${name}`],
    phase: Phase.Value,
    affects: 'message',
    apply: (d) => {
      setValue(d, name, form.text);
      return true;
    },
  };
}

/** Language-level texts of one field's value, as their code might have concatenated it. */
export function stringifyMistakes(name: string, value: string, spec: FieldSpec | undefined): Mistake[] {
  if (value === '') return [];
  const out: Mistake[] = [];
  const encodedJson = spec?.encoding === 'base64' || spec?.encoding === 'base64-json' ? decodeBase64Text(value) : undefined;
  const json = parseJson(encodedJson ?? value);
  const structured = json.ok && json.value !== null && typeof json.value === 'object';
  const sentAs = encodedJson !== undefined ? `the Base64 of its JSON` : 'its JSON text';
  if (structured) {
    const data = json.value;
    const isArray = Array.isArray(data);
    const jsCode = encodedJson !== undefined ? "Buffer.from(JSON.stringify(" + name + ")).toString('base64')" : 'JSON.stringify(' + name + ')';
    const forms: Form[] = [
      {
        text: jsString(data),
        weight: 35,
        mistake: `${name} is hashed as "${jsString(data).slice(0, 40)}"`,
        explanation: `Your code concatenates the ${name} ${isArray ? 'array' : 'object'} itself: JavaScript turns ${isArray ? 'each object in it' : 'it'} into "[object Object]". The body carries ${sentAs}.`,
        fix: `Build the text once (${jsCode}) and use that string both in the body and in the string to sign.`,
      },
      {
        text: 'Array',
        weight: 30,
        mistake: `${name} is hashed as "Array"`,
        explanation: `Your code concatenates the PHP array $${name} itself: PHP turns an array into the text "Array" (with an "Array to string conversion" warning). The body carries ${sentAs}.`,
        fix: `Encode it first: ${encodedJson !== undefined ? `$${name} = base64_encode(json_encode($${name}));` : `$${name} = json_encode($${name});`} then concatenate that string.`,
      },
      {
        text: pythonRepr(data),
        weight: 30,
        mistake: `${name} is hashed as Python's str() of it`,
        explanation: `Your code concatenates str(${name}): Python writes ${quote(pythonRepr(data), 40)} (single quotes, True, None), which is not the JSON the body carries as ${sentAs}.`,
        fix: `Serialise with json.dumps(${name}, separators=(',', ':'))${encodedJson !== undefined ? ', Base64-encode it,' : ''} and use that one string in the body and the hash.`,
      },
    ];
    for (const form of forms) if (form.text !== value) out.push(stringify(name, form));
  }
  const booleans: Record<string, [string, string, number][]> = {
    '1': [['true', 'JavaScript String(true)', 30], ['True', "Python str(True)", 25]],
    '0': [['false', 'JavaScript String(false)', 30], ['False', 'Python str(False)', 25], ['', "PHP's (string) false", 20]],
    true: [['1', 'PHP (string) true', 30], ['True', 'Python str(True)', 25]],
    false: [['', "PHP's (string) false, an empty string", 30], ['0', 'an integer 0', 20], ['False', 'Python str(False)', 25]],
  };
  for (const [text, how, weight] of booleans[value] ?? []) {
    out.push(
      stringify(name, {
        text,
        weight,
        mistake: `${name} is hashed as "${text}" but sent as "${value}"`,
        explanation: `Your code concatenates a boolean for ${name}: ${how} gives "${text}", but the body sends "${value}". PayWay hashes the text it receives.`,
        fix: `Turn the flag into the text you send once (${value === '1' || value === '0' ? `"1" or "0"` : `"${value}"`}) and use it both in the body and in the string to sign.`,
      }),
    );
  }
  return out;
}

const sortKeys = (entries: readonly (readonly [string, string])[]) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The whole body (without its hash) serialised as JSON and hashed instead of the recipe's values. */
export function wholeBodyMistakes(wire: readonly (readonly [string, string])[]): Mistake[] {
  if (wire.length < 2) return [];
  const styles = [
    ...jsonStyles(Object.fromEntries(wire)).filter((s) => !s.style.startsWith('pretty')).map((s) => ({ ...s, sorted: false })),
    ...jsonStyles(Object.fromEntries(sortKeys(wire))).filter((s) => !s.style.startsWith('pretty') && !s.style.startsWith('PHP')).map((s) => ({ ...s, sorted: true })),
  ];
  const seen = new Set<string>();
  const out: Mistake[] = [];
  for (const { style, text, sorted } of styles) {
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({
      id: 'whole-body-json',
      ref: `whole-body:${style}:${sorted}`,
      kind: 'separator',
      mistake: 'The whole request body was hashed as JSON',
      explanation: `Your code hashes the request body itself, written as ${style}${sorted ? ' with its keys sorted (json.Marshal of a map, sort_keys=True)' : ''}, instead of concatenating the recipe's values.`,
      fix: "Hash the string to sign, not the body: the recipe's values concatenated in order, with no names, quotes or separators.",
      weight: 25,
      slots: ['base', 'render', 'empty-as', 'whole'],
      phase: Phase.Render,
      affects: 'message',
      apply: (d) => {
        d.message = text;
        return true;
      },
    });
  }
  return out;
}
