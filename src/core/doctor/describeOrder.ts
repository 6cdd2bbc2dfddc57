// Says exactly how one order of fields differs from another: which fields moved and where, which were
// added and which left out. The fields that kept their relative order (the longest common subsequence)
// did not move; every other one did.

const ORDINALS = ['first', 'second', 'third'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

function longestCommon(a: readonly string[], b: readonly string[]): Set<string> {
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      kept.add(a[i]!);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

/** One or two sentences: how `theirs` differs from `recipe` (both lists of the non-empty fields hashed). */
export function describeOrder(theirs: readonly string[], recipe: readonly string[], max = 6): string {
  const kept = longestCommon(recipe, theirs);
  const where = (list: readonly string[], field: string) => {
    const i = list.indexOf(field);
    return i === 0 ? 'at the start' : `after ${list[i - 1]}`;
  };
  const moved = theirs.filter((f) => recipe.includes(f) && !kept.has(f));
  const added = theirs.filter((f) => !recipe.includes(f));
  const left = recipe.filter((f) => !theirs.includes(f));
  const parts: string[] = [];
  for (const f of moved.slice(0, max)) {
    parts.push(`${f} is ${ordinal(theirs.indexOf(f) + 1)} (${where(theirs, f)}) instead of ${ordinal(recipe.indexOf(f) + 1)} (${where(recipe, f)})`);
  }
  if (moved.length > max) parts.push(`${moved.length - max} more moved`);
  const sentences: string[] = [];
  if (parts.length) sentences.push(`Moved: ${parts.join('; ')}.`);
  if (added.length) sentences.push(`Added: ${added.join(', ')}.`);
  if (left.length) sentences.push(`Left out: ${left.join(', ')}.`);
  return sentences.length ? sentences.join(' ') : 'Same fields in the same order.';
}
