// Recipes of neighbouring endpoints, read off the catalog: integrations copy the hash code of the call
// next door (pre-auth cancel signed like pre-auth completion, the v3 payment like the old token purchase,
// a legacy path like its successor). Whatever endpoints the catalog holds, each is a hypothesis here.
import { catalog, defaultVariant, fieldsOf } from '../catalog/index.ts';
import type { EndpointSpec, Variant } from '../catalog/types.ts';
import { partLabel } from '../signing/stringToSign.ts';
import { describeOrder } from './describeOrder.ts';
import { assign } from './draft.ts';
import { GENERATION_TWINS } from './fieldNames.ts';
import { listFields, Phase, type Mistake } from './mistake.ts';

/**
 * Recipes of an older PayWay that no catalog endpoint carries any more, as public code still computes
 * them. The pre-2020 checkout (payway-dev.ababank.com/api/<merchant>/) signed merchant_id . tran_id .
 * amount: VengTryTan/VkBooking app/PayWayApiCheckout.php, shah-shreya/payway-test-package.
 */
const LEGACY_RECIPES: readonly { endpoint: string; fields: readonly string[]; label: string; source: string }[] = [
  {
    endpoint: 'purchase',
    fields: ['merchant_id', 'tran_id', 'amount'],
    label: 'the pre-2020 PayWay checkout (merchant_id . tran_id . amount)',
    source: 'hash_hmac over ABA_PAYWAY_MERCHANT_ID . $transactionId . $amount in the old PayWayApiCheckout.php',
  },
];

/** A catalog field on any variant of the endpoint. */
const hasField = (e: EndpointSpec, name: string) => e.variants.some((v) => fieldsOf(e, v).some((f) => f.name === name));

/** Names of the other endpoints that have this field (the wrong endpoint a stray field comes from). */
export function endpointsWithField(name: string, exceptId: string): string[] {
  return catalog.filter((e) => e.id !== exceptId && hasField(e, name)).map((e) => e.name);
}

/** Same family, a legacy/current pair (emu's catalog marks them), or the same last path segment. */
function related(a: EndpointSpec, b: EndpointSpec): boolean {
  if (a.family === b.family) return true;
  // Credentials on file: the v3 calls replaced the old ones, and code written for one is reused for the other.
  if ([a.family, b.family].every((f) => f === 'cof' || f === 'cof-v3')) return true;
  const legacyOf = (e: EndpointSpec) => (e as { legacy?: { current?: string } }).legacy?.current;
  if (legacyOf(a) === b.id || legacyOf(b) === a.id) return true;
  const stem = (e: EndpointSpec) => e.path.split('/').pop()!.replace(/-\d+$/, '');
  return stem(a) === stem(b);
}

interface OtherRecipe {
  other: EndpointSpec;
  variant: Variant;
  fields: readonly string[];
  near: boolean;
}

// The catalog does not change while the page runs: each endpoint's neighbours are worked out once.
const around = new Map<string, OtherRecipe[]>();
function recipesAround(endpoint: EndpointSpec): OtherRecipe[] {
  let list = around.get(endpoint.id);
  if (!list) {
    list = catalog
      .filter((e) => e.id !== endpoint.id)
      .flatMap((other) => {
        const near = related(endpoint, other);
        return other.variants.filter((v) => v.hash.fields.every((p) => typeof p === 'string')).map((variant) => ({ other, variant, fields: variant.hash.fields as readonly string[], near }));
      })
      .sort((a, b) => Number(b.near) - Number(a.near));
    around.set(endpoint.id, list);
  }
  return list;
}

export function neighbourRecipes(endpoint: EndpointSpec, expected: Variant, values: ReadonlyMap<string, string>): Mistake[] {
  const has = (n: string) => (values.get(n) ?? '') !== '';
  const expectedOrder = expected.hash.fields.map(partLabel).filter(has);
  const recipeList = listFields(expected.hash.fields.map(partLabel));
  const seen = new Set<string>([expectedOrder.join('\0')]);
  for (const v of endpoint.variants) seen.add(v.hash.fields.map(partLabel).filter(has).join('\0'));
  // Recipes that give the same string are one hypothesis, named after each endpoint that has it (the
  // related ones first).
  const found = new Map<string, { ref: string; order: string[]; weight: number; whose: string[]; ids: string[]; notes: string[] }>();
  const add = (ref: string, fields: readonly string[], weight: number, whose: string, note: string, otherId?: string) => {
    // A field of the other recipe that this request does not send is read under its other-generation name.
    const order = fields.map((f) => (has(f) ? f : GENERATION_TWINS[f] && has(GENERATION_TWINS[f]) ? GENERATION_TWINS[f] : f));
    const effective = order.filter(has);
    if (effective.length < 2) return;
    const key = effective.join('\0');
    if (seen.has(key)) return;
    const same = found.get(key);
    if (same) {
      same.whose.push(whose);
      if (otherId) same.ids.push(otherId);
      same.weight = Math.max(same.weight, weight);
      return;
    }
    found.set(key, { ref, order, weight, whose: [whose], ids: otherId ? [otherId] : [], notes: note ? [note] : [] });
  };

  for (const { other, variant, fields, near } of recipesAround(endpoint)) {
    {
      if (variant.hash.algorithm !== expected.hash.algorithm) continue;
      const covered = fields.filter((f) => has(f) || (GENERATION_TWINS[f] !== undefined && has(GENERATION_TWINS[f]))).length;
      // Unrelated endpoints only when their recipe reads most of what this request sends.
      if (!near && (covered < 3 || covered < expectedOrder.length * 0.6)) continue;
      const label = variant.id === defaultVariant(other).id ? other.name : `${other.name} ("${variant.label}")`;
      add(`recipe:${other.id}:${variant.id}`, fields, near ? 60 : 35, `${label} (${other.id})`, '', other.id);
    }
  }
  for (const legacy of LEGACY_RECIPES) {
    if (legacy.endpoint === endpoint.id) add(`legacy:${legacy.label}`, legacy.fields, 40, legacy.label, `Public code still does this (${legacy.source}).`);
  }

  const out: Mistake[] = [];
  for (const { ref, order, weight, whose, ids, notes } of found.values()) {
    const effective = order.filter(has);
    const named = whose.length > 1 ? `${whose[0]} (the same string as ${listFields(whose.slice(1), 2)})` : whose[0]!;
    out.push({
      id: ref.startsWith('legacy') ? 'recipe-legacy' : 'recipe-of',
      ref,
      kind: 'other-endpoint',
      ...(ids[0] ? { endpoint: ids[0] } : {}),
      mistake: `The request is signed with the recipe of ${whose[0]}`,
      explanation: `Your code concatenates ${listFields(effective)}: that is the recipe of ${named}, not ${endpoint.name}'s.${notes.length ? ` ${notes.join(' ')}` : ''} ${describeOrder(effective, expectedOrder)}`,
      fix: `Use ${endpoint.name}'s own recipe: ${recipeList}.`,
      weight,
      slots: ['base'],
      phase: Phase.Base,
      affects: 'message',
      apply: assign({ order }),
    });
  }
  return out;
}
