// The hypotheses for one request to one endpoint, read off the catalog: its other variants, the orders
// people use instead of the recipe's, fields left out or added, and every value, key and hashing
// mistake that applies to the values actually sent.
import { defaultVariant, fieldsOf } from '../catalog/index.ts';
import type { EndpointSpec, FieldSpec, HashPart, Variant } from '../catalog/types.ts';
import { partLabel } from '../signing/stringToSign.ts';
import { assign, newDraft, setValue } from './draft.ts';
import { describeOrder } from './describeOrder.ts';
import { didYouMean } from './fieldNames.ts';
import { keyMistakes } from './keyMistakes.ts';
import { listFields, Phase, type Finding, type Mistake } from './mistake.ts';
import { neighbourRecipes, endpointsWithField } from './neighbourRecipes.ts';
import { stringifyMistakes, wholeBodyMistakes } from './stringifyMistakes.ts';
import { charsetMistakes, constructionMistakes, emptyPlaceholderMistakes, filterMistake, separatorMistakes } from './renderMistakes.ts';
import type { SearchSpace } from './search.ts';
import { decodeBase64Text, valueMistakes } from './valueMistakes.ts';

export interface EndpointRequest {
  endpoint: EndpointSpec;
  /** Sent fields in the order they were sent (without `hash`), one value per name. */
  wire: readonly (readonly [string, string])[];
  key?: string;
  rsaPublicKeyPem?: string;
}

const names = (parts: readonly HashPart[]) => parts.flatMap((p) => (typeof p === 'string' ? [p] : [...p.phpSum]));
export const sameOrder = (a: readonly HashPart[], b: readonly HashPart[]) => a.length === b.length && a.every((p, i) => partLabel(p) === partLabel(b[i]!));

/** Fields of the endpoint in any variant (to know an extra field's spec); the catalog never changes, so once. */
const specsOf = new Map<string, Map<string, FieldSpec>>();
function allFieldSpecs(endpoint: EndpointSpec): Map<string, FieldSpec> {
  let specs = specsOf.get(endpoint.id);
  if (!specs) {
    specs = new Map<string, FieldSpec>();
    for (const variant of endpoint.variants) for (const spec of fieldsOf(endpoint, variant)) if (!specs.has(spec.name)) specs.set(spec.name, spec);
    specsOf.set(endpoint.id, specs);
  }
  return specs;
}

/** Whether PayWay (as far as anyone has seen) and the emulator accept a variant. */
export function variantAcceptance(endpoint: EndpointSpec, variant: Variant): string {
  if (variant.emulator) return 'The emulator enforces it.';
  const enforced = endpoint.variants.find((v) => v.emulator) ?? defaultVariant(endpoint);
  if (variant.basis === 'sandbox' || variant.basis === 'doc+sandbox') return `The sandbox was seen to accept it; the emulator enforces "${enforced.label}".`;
  // The note already says so when a probe saw the sandbox refuse it.
  if (/reject|refuse/i.test(variant.note)) return `The emulator enforces "${enforced.label}".`;
  return `Nobody has reported the sandbox accepting it; the emulator enforces "${enforced.label}".`;
}

/** The words for "their string follows variant X". */
export function variantFinding(endpoint: EndpointSpec, variant: Variant, expected: Variant): Finding {
  const recipe = `${listFields(expected.hash.fields.map(partLabel))} (${expected.hash.algorithm}, ${expected.hash.output === 'hex' ? 'lower-case hex' : 'Base64'})`;
  return {
    id: 'variant',
    kind: 'variant',
    variant: variant.id,
    mistake: `The hash follows the "${variant.label}" variant of the recipe`,
    explanation: `Your hash follows the catalog variant "${variant.label}" (${variant.id}): ${variant.note} ${variantAcceptance(endpoint, variant)}`,
    fix: `Use the "${expected.label}" recipe: ${recipe}.`,
  };
}

// A variant's hypothesis depends on the endpoint and the recipe judged by only: made once, shared.
const variantsOf = new Map<string, Mistake[]>();
function variantMistakes(endpoint: EndpointSpec, expected: Variant): Mistake[] {
  const id = `${endpoint.id}\0${expected.id}`;
  let made = variantsOf.get(id);
  if (!made) variantsOf.set(id, (made = makeVariantMistakes(endpoint, expected)));
  return made;
}

function makeVariantMistakes(endpoint: EndpointSpec, expected: Variant): Mistake[] {
  return endpoint.variants
    .filter((v) => v.id !== expected.id && !sameOrder(v.hash.fields, expected.hash.fields))
    .map((variant) => ({
      ...variantFinding(endpoint, variant, expected),
      ref: `variant:${variant.id}`,
      weight: variant.basis === 'inference' ? 70 : 100,
      slots: ['base'],
      phase: Phase.Base,
      affects: 'message' as const,
      apply: assign({ order: variant.hash.fields }),
    }));
}

export function endpointSpace(request: EndpointRequest, expected: Variant = defaultVariant(request.endpoint)): SearchSpace {
  const { endpoint, wire } = request;
  const recipe = expected.hash.fields;
  const recipeNames = names(recipe);
  const recipeList = listFields(recipe.map(partLabel));
  const values = new Map(wire);
  const sentNames = wire.map(([n]) => n);
  const nonEmpty = recipe.filter((p) => typeof p === 'string' && (values.get(p) ?? '') !== '') as string[];
  const specs = allFieldSpecs(endpoint);
  const mistakes: Mistake[] = [...variantMistakes(endpoint, expected)];
  const orderFix = `Concatenate exactly these fields in this order, with no separator: ${recipeList}.`;

  // ---- other orders ----------------------------------------------------------------------------------
  const orders: [string, readonly string[], number, string][] = [
    ['order-sorted', [...recipeNames].sort(), 80, 'sorted by name'],
    ['order-sorted-all', sentNames.filter((n) => n !== 'hash').sort(), 80, 'sorted by name, every field of the body included (ksort of the whole request)'],
    ['order-form', sentNames, 70, 'in the order the body sends them, every field included'],
    ['order-form', sentNames.filter((n) => recipeNames.includes(n)), 70, 'in the order the body sends them'],
    ['order-table', fieldsOf(endpoint, expected).map((f) => f.name).filter((n) => recipeNames.includes(n)), 70, "in the order of the documentation's field table"],
    ['order-table', fieldsOf(endpoint, expected).filter((f) => f.type !== 'file').map((f) => f.name), 40, "in the order of the documentation's field table, every field included"],
  ];
  const unsent = recipeNames.filter((n) => (values.get(n) ?? '') === '');
  /** What each stray field in an order is: another name for a recipe field, another endpoint's, or never hashed. */
  const strayWords = (order: readonly string[]): string => {
    const strays = order.filter((n) => !recipeNames.includes(n));
    if (!strays.length) return '';
    const what = strays.map((n) => {
      const meant = specs.has(n) ? undefined : didYouMean(n, unsent);
      if (meant) return `${n} (PayWay reads ${meant.name}: did you mean ${meant.name}?)`;
      if (specs.get(n)?.notHashed) return `${n} (sent, never hashed)`;
      const elsewhere = specs.has(n) ? [] : endpointsWithField(n, endpoint.id);
      return elsewhere.length ? `${n} (a field of ${listFields(elsewhere, 2)}, not of ${endpoint.name})` : `${n} (not in the recipe)`;
    });
    return ` It hashes fields the recipe does not have: ${what.join(', ')}.`;
  };
  const seenOrders: string[][] = [];
  for (const [id, order, weight, how] of orders) {
    const effective = order.filter((n) => (values.get(n) ?? '') !== '');
    if (effective.join('\u0000') === nonEmpty.join('\u0000') || seenOrders.some((o) => o.join('\u0000') === effective.join('\u0000'))) continue;
    seenOrders.push(effective);
    mistakes.push({
      id,
      ref: `${id}:${order.join(',')}`,
      kind: 'order',
      mistake: `The fields are concatenated ${how}`,
      explanation: `Your code concatenates ${listFields(effective)} (${how}). ${describeOrder(effective, nonEmpty)}${strayWords(effective)} PayWay concatenates ${endpoint.name}'s fields in the recipe's own order, which is neither alphabetical nor the order of the form.`,
      fix: orderFix,
      weight,
      slots: ['base'],
      phase: Phase.Base,
      affects: 'message',
      apply: assign({ order }),
    });
  }

  // ---- fields left out, added, swapped, moved --------------------------------------------------------
  for (const name of nonEmpty) {
    mistakes.push({
      id: 'field-missing',
      ref: `drop:${name}`,
      kind: 'missing-field',
      field: name,
      mistake: `${name} is left out of the string to sign`,
      explanation: `The request sends ${name}, but your string to sign does not include it. PayWay includes every recipe field that is sent.`,
      fix: orderFix,
      weight: 70,
      slots: [`edit:${name}`, `field:${name}`],
      phase: Phase.Edit,
      affects: 'message',
      apply: (d) => {
        const at = d.order.indexOf(name);
        if (at < 0) return false;
        d.order = [...d.order.slice(0, at), ...d.order.slice(at + 1)];
        return true;
      },
    });
  }
  const extras: string[] = [];
  const unsentRecipe = recipeNames.filter((n) => (values.get(n) ?? '') === '');
  for (const [index, name] of sentNames.entries()) {
    if (recipeNames.includes(name) || (values.get(name) ?? '') === '') continue;
    extras.push(name);
    const spec = specs.get(name);
    const elsewhere = spec ? [] : endpointsWithField(name, endpoint.id);
    const why = spec?.notHashed
      ? `${name} is sent but never hashed (the docs leave it out of the recipe)`
      : spec
        ? `${name} is a field of ${endpoint.name}, but not part of this recipe`
        : elsewhere.length
          ? `${name} is not a field of ${endpoint.name} but of ${listFields(elsewhere, 3)}; PayWay ignores it here`
          : `${name} is not a field of ${endpoint.name}; PayWay ignores it in the hash`;
    const id = !spec && elsewhere.length ? 'field-foreign' : 'field-extra';
    const kind = id === 'field-foreign' ? 'other-endpoint' : 'extra-field';
    const base = spec?.notHashed ? 75 : spec ? 60 : 50;
    const before = sentNames.slice(0, index).reverse();
    const positions: [string, number, (order: readonly HashPart[]) => number][] = [
      ['where the body has it', base, (order) => {
        for (const prev of before) {
          const at = order.findIndex((p) => partLabel(p) === prev);
          if (at >= 0) return at + 1;
        }
        return 0;
      }],
      ['at the end', base * 0.8, (order) => order.length],
      ['at the start', base * 0.5, () => 0],
    ];
    // Anywhere else: code that hashes a field it should not put it wherever its own list has it.
    for (const after of nonEmpty.slice(0, -1)) {
      positions.push([`right after ${after}`, 20, (order) => order.findIndex((p) => partLabel(p) === after) + 1]);
    }
    for (const [where, weight, at] of positions) {
      mistakes.push({
        id,
        ref: `insert:${name}:${where}`,
        kind,
        field: name,
        mistake: `${name} is included in the string to sign`,
        explanation: `Your string to sign includes ${name} (${where}), but ${why}.`,
        fix: `Leave ${name} out of the string to sign (keep sending it if you need it). ${orderFix}`,
        weight,
        slots: [`edit:${name}`, `field:${name}`],
        phase: Phase.Edit,
        affects: 'message',
        apply: (d) => {
          if (d.order.some((p) => partLabel(p) === name)) return false;
          const i = at(d.order);
          if (i < 0) return false;
          d.order = [...d.order.slice(0, i), name, ...d.order.slice(i)];
          return true;
        },
      });
    }
    // Sent under a name PayWay does not read, and hashed in the place of the field it was meant to be.
    if (!spec) {
      const meant = didYouMean(name, unsentRecipe);
      const targets = meant ? [meant.name] : unsentRecipe;
      for (const target of targets) {
        const similar = meant?.name === target;
        mistakes.push({
          id: 'field-renamed',
          ref: `rename:${name}:${target}`,
          kind: 'renamed-field',
          field: target,
          mistake: similar ? `${name} is sent where PayWay reads ${target} (did you mean ${target}?)` : `${name} is hashed in the place of ${target}`,
          explanation: similar
            ? `Your code hashes the value of ${name} (${JSON.stringify(values.get(name))}) where ${endpoint.name}'s recipe has ${target}, but sends it as ${name}, a name PayWay does not read. For PayWay ${target} is empty, so its string to sign lacks that value.`
            : `Your string to sign has the value of ${name} where ${endpoint.name}'s recipe has ${target}; ${target} is not sent, and PayWay ignores ${name}.`,
          fix: similar ? `Send the field as ${target} (the name in the docs), and keep it in that place in the string to sign.` : `Send ${target} if that is what ${name} was meant to be, or leave ${name} out of the string to sign. ${orderFix}`,
          weight: similar ? (meant!.likeness === 'alias' ? 70 : 75) : 15,
          specificity: similar ? 1 : 5,
          slots: [`value:${target}`, `field:${target}`, `field:${name}`],
          phase: Phase.Value,
          affects: 'message',
          apply: (d) => {
            setValue(d, target, values.get(name)!);
            return true;
          },
        });
      }
    }
  }
  // Every stray field as the body has it at once: renamed ones in their intended place, the rest where the
  // body puts them. This is what "the body's order, every field included" means field by field.
  const renamed = extras.map((n) => ({ name: n, meant: specs.has(n) ? undefined : didYouMean(n, unsentRecipe) }));
  if (extras.length >= 2 && renamed.some((r) => r.meant)) {
    const targets = renamed.filter((r) => r.meant);
    const others = renamed.filter((r) => !r.meant).map((r) => r.name);
    mistakes.push({
      id: others.length ? 'field-extra' : 'field-renamed',
      ref: `as-sent:${extras.join(',')}`,
      kind: others.length ? 'extra-field' : 'renamed-field',
      field: targets[0]!.meant!.name,
      mistake: `${listFields(targets.map((t) => t.name))} ${targets.length === 1 ? 'is' : 'are'} sent where PayWay reads ${listFields(targets.map((t) => t.meant!.name))} (did you mean ${listFields(targets.map((t) => t.meant!.name))}?)${others.length ? `, and ${listFields(others)} ${others.length === 1 ? 'is' : 'are'} hashed too` : ''}`,
      explanation: `Your code hashes the fields under the names it sends: ${targets.map((t) => `${t.name} where the recipe has ${t.meant!.name}`).join(', ')}${others.length ? `, and ${listFields(others)}, which the recipe does not have` : ''}. PayWay reads none of those names, so for it ${listFields(targets.map((t) => t.meant!.name))} ${targets.length === 1 ? 'is' : 'are'} empty.`,
      fix: `Send ${targets.map((t) => `${t.meant!.name} instead of ${t.name}`).join(', ')}${others.length ? `, and leave ${listFields(others)} out of the string to sign` : ''}. ${orderFix}`,
      weight: 65,
      specificity: 1,
      slots: [...extras.flatMap((n) => [`edit:${n}`, `field:${n}`]), ...targets.flatMap((t) => [`value:${t.meant!.name}`, `field:${t.meant!.name}`])],
      phase: Phase.Edit,
      affects: 'message',
      apply: (d) => {
        for (const t of targets) setValue(d, t.meant!.name, values.get(t.name)!);
        let order = [...d.order];
        for (const name of others) {
          if (order.some((p) => partLabel(p) === name)) return false;
          const before = sentNames.slice(0, sentNames.indexOf(name)).reverse();
          let at = 0;
          for (const prev of before) {
            const i = order.findIndex((p) => partLabel(p) === prev || partLabel(p) === renamed.find((r) => r.name === prev)?.meant?.name);
            if (i >= 0) {
              at = i + 1;
              break;
            }
          }
          order = [...order.slice(0, at), name, ...order.slice(at)];
        }
        d.order = order;
        return true;
      },
    });
  }
  // Several fields PayWay never hashes (view_type and payment_gate, say) put in together.
  if (extras.length >= 2) {
    for (const after of [undefined, ...nonEmpty]) {
      mistakes.push({
        id: 'fields-extra-block',
        ref: `insert-block:${after ?? 'start'}`,
        kind: 'extra-field',
        field: extras[0],
        mistake: `${listFields(extras)} are included in the string to sign`,
        explanation: `Your string to sign includes ${listFields(extras)} ${after ? `right after ${after}` : 'at the start'}, but ${endpoint.name}'s recipe has none of them.`,
        fix: `Leave ${listFields(extras)} out of the string to sign. ${orderFix}`,
        weight: 30,
        slots: extras.flatMap((n) => [`edit:${n}`, `field:${n}`]),
        phase: Phase.Edit,
        affects: 'message',
        apply: (d) => {
          if (d.order.some((p) => extras.includes(partLabel(p)))) return false;
          const i = after === undefined ? 0 : d.order.findIndex((p) => partLabel(p) === after) + 1;
          if (after !== undefined && i === 0) return false;
          d.order = [...d.order.slice(0, i), ...extras, ...d.order.slice(i)];
          return true;
        },
      });
    }
  }
  const moveTo = (order: readonly HashPart[], name: string, before: string | undefined): HashPart[] | undefined => {
    const from = order.indexOf(name);
    if (from < 0) return undefined;
    const rest = [...order.slice(0, from), ...order.slice(from + 1)];
    const to = before === undefined ? rest.length : rest.indexOf(before);
    if (to < 0) return undefined;
    return [...rest.slice(0, to), name, ...rest.slice(to)];
  };
  // Swaps and moves stay local (a few places), plus moves to either end: that is where misplaced fields
  // are found, and all n² of them would crowd out likelier hypotheses.
  const REACH = 4;
  for (let i = 0; i < nonEmpty.length; i++) {
    for (let j = i + 1; j < nonEmpty.length && j - i <= REACH; j++) {
      const a = nonEmpty[i]!;
      const b = nonEmpty[j]!;
      if (values.get(a) === values.get(b)) continue;
      mistakes.push({
        id: 'order-swapped',
        ref: `swap:${a}:${b}`,
        kind: 'swapped-fields',
        mistake: `${a} and ${b} are swapped in the string to sign`,
        explanation: `Your string to sign has ${b} where ${a} belongs and ${a} where ${b} belongs.`,
        fix: orderFix,
        weight: j === i + 1 ? 35 : 25,
        slots: ['edit:order'],
        // A local reorder on top of a whole other order, or beside a field left out or added, is not
        // something code does: each is its own explanation.
        excludes: ['base', 'edit:'],
        phase: Phase.Edit,
        affects: 'message',
        apply: (d) => {
          const x = d.order.indexOf(a);
          const y = d.order.indexOf(b);
          if (x < 0 || y < 0) return false;
          const order = [...d.order];
          order[x] = b;
          order[y] = a;
          d.order = order;
          return true;
        },
      });
    }
  }
  for (const [from, name] of nonEmpty.entries()) {
    for (const [k, before] of [...nonEmpty, undefined].entries()) {
      // Before itself or before its successor changes nothing; one place either way is a swap (above).
      const to = before === undefined ? nonEmpty.length : k;
      if (to === from || to === from + 1 || to === from - 1 || to === from + 2) continue;
      if (to !== 0 && to !== nonEmpty.length && Math.abs(to - from) > REACH) continue;
      mistakes.push({
        id: 'order-moved',
        ref: `move:${name}:${before ?? 'end'}`,
        kind: 'order',
        field: name,
        mistake: `${name} is in the wrong place in the string to sign`,
        explanation: `Your string to sign has ${name} ${before ? `just before ${before}` : 'at the end'}; the recipe puts it elsewhere.`,
        fix: orderFix,
        weight: 15,
        slots: ['edit:order'],
        // A local reorder on top of a whole other order, or beside a field left out or added, is not
        // something code does: each is its own explanation.
        excludes: ['base', 'edit:'],
        phase: Phase.Edit,
        affects: 'message',
        apply: (d) => {
          const order = moveTo(d.order, name, before);
          if (!order) return false;
          d.order = order;
          return true;
        },
      });
    }
  }

  // ---- values ----------------------------------------------------------------------------------------
  for (const name of new Set([...recipeNames, ...names(endpoint.variants.flatMap((v) => v.hash.fields))])) {
    const spec = specs.get(name);
    mistakes.push(
      ...valueMistakes({
        name,
        value: values.get(name) ?? '',
        encoding: spec?.encoding,
        format: spec?.format,
        type: spec?.type,
        allowed: spec?.allowed,
        default: spec?.default,
        hashed: true,
      }),
    );
  }
  const all = [...values.values()];
  if (all.some((v) => v !== v.trim())) {
    mistakes.push(
      filterMistake('trim', 'whitespace', 40, {
        mistake: 'Every value is trimmed for the hash',
        explanation: 'Your code trims each value before hashing, but the body carries some of them with whitespace at their ends.',
        fix: 'Trim the values once, before both the body and the hash.',
      }, (v) => v.trim()),
    );
  }
  if (all.some((v) => v.includes(' '))) {
    mistakes.push(
      filterMistake('plus-space', 'url-decoding', 60, {
        mistake: '"+" turned into spaces on the way',
        explanation: 'Your code hashed the values with "+" signs, but they arrive with spaces in their place: the body was sent as a form without percent-encoding, and URL decoding reads "+" as a space.',
        fix: 'Percent-encode the form body ("+" must travel as %2B): URLSearchParams, http_build_query, curl --data-urlencode; or send multipart/form-data as documented.',
      }, (v) => v.replace(/ /g, '+')),
    );
  }
  const encoded = recipeNames.filter((n) => {
    const e = specs.get(n)?.encoding;
    return (e === 'base64' || e === 'base64-json') && decodeBase64Text(values.get(n) ?? '') !== undefined;
  });
  if (encoded.length >= 2) {
    const set = new Set(encoded);
    mistakes.push(
      filterMistake('raw-value', 'raw-value', 85, {
        mistake: 'The encoded fields are hashed before their Base64 encoding',
        explanation: `Your hash uses the raw text of ${listFields(encoded)}, but the request sends their Base64 forms. PayWay hashes the values exactly as sent.`,
        fix: 'Encode first, then put the encoded strings both in the body and in the string to sign.',
      }, (v, field) => (set.has(field) ? (decodeBase64Text(v) ?? v) : v)),
    );
  }
  if (recipeNames.some((n) => (values.get(n) ?? '') === '')) mistakes.push(...emptyPlaceholderMistakes());
  mistakes.push(...neighbourRecipes(endpoint, expected, values));
  for (const name of recipeNames) mistakes.push(...stringifyMistakes(name, values.get(name) ?? '', specs.get(name)));
  mistakes.push(...wholeBodyMistakes(wire));
  mistakes.push(...separatorMistakes());

  // ---- key and hashing -------------------------------------------------------------------------------
  mistakes.push(...charsetMistakes(all.some((v) => /[^\x00-\x7f]/.test(v))));
  let keys: SearchSpace['keys'] = [{ id: 'none', bytes: new Uint8Array() }];
  if (request.key !== undefined) {
    const label = expected.hash.key === 'partner-key' ? 'partner key' : 'API key';
    const keySpace = keyMistakes(request.key, { label, merchantId: values.get('merchant_id'), rsaPublicKeyPem: request.rsaPublicKeyPem });
    keys = keySpace.keys;
    mistakes.push(...keySpace.mistakes, ...constructionMistakes(expected.hash.algorithm));
  }
  return { base: newDraft(recipe, values), mistakes, keys };
}
