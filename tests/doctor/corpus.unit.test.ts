// Every broken request in the corpus must be diagnosed with the mistake that made it; every correct one
// must be reported as correct. The corpus files are what tests/doctor/buildCorpus.ts makes.
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/doctor/index.ts';
import { buildCorpus, CORPUS_DIR, type CorpusCase, type ExpectedMistake } from './buildCorpus.ts';
import { corpusInput } from './corpusInput.ts';

const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort();
const corpus = files.map((file) => ({ file, ...(JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as CorpusCase) }));
const NOW = new Date(Date.UTC(2025, 6, 28, 2, 21, 0));

describe('doctor corpus', () => {
  it('has at least 40 broken requests and some correct ones', () => {
    expect(corpus.filter((c) => c.expect.verdict !== 'correct').length).toBeGreaterThanOrEqual(40);
    expect(corpus.filter((c) => c.expect.verdict === 'correct').length).toBeGreaterThanOrEqual(3);
  });

  it('is exactly what buildCorpus() makes (run "npx tsx tests/doctor/buildCorpus.ts" after changing it)', () => {
    expect(corpus.map(({ file: _file, ...c }) => c)).toEqual(JSON.parse(JSON.stringify(buildCorpus())));
  });

  it('names the public source of every case added for issue 12 (cases 76 on)', () => {
    const later = corpus.filter((c) => Number(c.file.slice(0, 3).replace('-', '')) >= 76);
    expect(later.length).toBeGreaterThan(20);
    for (const c of later) expect(c.source, c.file).toBeTruthy();
  });

  const pick = (want: ExpectedMistake) => expect.objectContaining(Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined)));

  it.each(corpus.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const d = await diagnose({ now: NOW, ...corpusInput(c) });
    const found = d.mistakes.map((m) => ({ id: m.id, field: m.field, variant: m.variant, endpoint: m.endpoint }));
    expect(d.endpoint.id).toBe(c.expect.endpoint);
    expect(d.verdict, `${d.summary}\nfound: ${JSON.stringify(found)}`).toBe(c.expect.verdict);
    expect(d.match).toBe(c.expect.verdict === 'correct');
    for (const want of c.expect.mistakes) expect(found, d.summary).toContainEqual(pick(want));
    if (c.expect.first) expect(found[0], `first of ${JSON.stringify(found)}`).toEqual(pick(c.expect.first));
    if (c.expect.alternative) expect(d.alternatives.flat(), 'among the alternatives').toContainEqual(pick(c.expect.alternative));
    if (c.expect.language) expect(d.language).toBe(c.expect.language);
    if (c.expect.says) expect(`${d.mistakes[0]?.mistake}\n${d.mistakes[0]?.explanation}\n${d.mistakes[0]?.fix}`).toContain(c.expect.says);
    if (c.expect.verdict === 'correct') expect(d.mistakes).toEqual([]);
    if (c.refused) expect(d.match, 'a refused request is never "correct"').toBe(false);
    if (c.expect.warning) expect(d.warnings.map((w) => w.message).join('\n')).toContain(c.expect.warning);
    // Whatever the verdict, the expected hash is the recipe over the values sent (node:crypto agrees).
    if (c.key !== undefined) {
      const digest = createHmac(d.expected.algorithm === 'HMAC-SHA512' ? 'sha512' : 'sha256', c.key).update(d.expected.stringToSign);
      expect(d.expected.hash).toBe(digest.digest(d.expected.output));
    }
  });
});
