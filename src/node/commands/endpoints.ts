import { catalog, families } from '../../core/catalog/index.ts';
import { partLabel } from '../../core/signing/stringToSign.ts';
import type { Command } from '../cli.ts';

export const endpointsCommand: Command = {
  summary: 'List every PayWay endpoint in the catalog.',
  usage: 'payway endpoints [--json]',
  examples: ['payway endpoints                      # id, family, method, path and hash fields of each endpoint; legacy paths marked', 'payway endpoints --json | jq \'.[].id\''],
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const rows = catalog.map((e) => {
      const variant = e.variants.find((v) => v.default) ?? e.variants[0]!;
      return {
        id: e.id,
        family: e.family,
        name: e.name,
        method: e.method,
        path: e.path,
        contentType: e.contentType,
        hashFields: variant.hash.fields.map(partLabel),
        algorithm: variant.hash.algorithm,
        encoding: variant.hash.output,
        variants: e.variants.map((v) => ({ id: v.id, label: v.label, default: !!v.default, basis: v.basis })),
        // An older path PayWay still answers (use `current` for new code), or one PayWay marks deprecated.
        ...(e.legacy ? { legacy: { current: e.legacy.current } } : {}),
        ...(e.deprecated ? { deprecated: true } : {}),
      };
    });
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const family of families) {
      io.out(`\n${family.name}`);
      for (const row of rows.filter((r) => r.family === family.id)) {
        const variants = row.variants.length > 1 ? `  variants: ${row.variants.map((v) => v.id + (v.default ? '*' : '')).join(', ')}` : '';
        const standing = row.legacy ? `  [legacy: use ${row.legacy.current}]` : row.deprecated ? '  [deprecated]' : '';
        io.out(`  ${row.id.padEnd(30)} ${row.method} ${row.path}  (${row.contentType})${standing}`);
        io.out(`  ${''.padEnd(30)} hash ${row.algorithm} → ${row.encoding} of ${row.hashFields.join(' . ')}${variants}`);
      }
    }
    return 0;
  },
};
