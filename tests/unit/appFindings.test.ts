import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { inspectChars } from '../../src/core/signing/index.ts';
import { relevantFindings } from '../../src/app/findings.ts';

const field = (endpoint: string, name: string) => getEndpoint(endpoint).fields.find((f) => f.name === name);

describe('relevantFindings', () => {
  it('keeps every suspicious character of a plain field', () => {
    const text = ' 123\t4\u200b ';
    expect(relevantFindings(field('check-transaction', 'tran_id'), inspectChars(text)).map((f) => f.kind)).toEqual([
      'leading-space',
      'tab',
      'zero-width',
      'trailing-space',
    ]);
  });

  it('ignores the whitespace that re-serialising a JSON input removes, not what it keeps', () => {
    const text = '[\n\t{"name": "Tea\u00a0Pot\u200b"}\n] ';
    const kinds = relevantFindings(field('purchase', 'items'), inspectChars(text)).map((f) => f.kind);
    expect(kinds).toEqual(['nbsp', 'zero-width']);
  });

  it('never reports plain non-ASCII text', () => {
    expect(relevantFindings(field('purchase', 'firstname'), inspectChars('សុខា'))).toEqual([]);
  });
});
