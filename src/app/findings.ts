// Which invisible characters matter for a field. JSON inputs are re-serialised before they are encoded,
// so line breaks, tabs and spaces around tokens never reach the wire; flagging them would be noise.
import type { FieldSpec } from '../core/catalog/types.ts';
import type { CharFinding, CharKind } from '../core/signing/index.ts';

const JSON_WHITESPACE: ReadonlySet<CharKind> = new Set(['lf', 'cr', 'tab', 'leading-space', 'trailing-space']);

export const isJsonInput = (field: FieldSpec | undefined): boolean => field?.type === 'json' && field.encoding !== 'none';

/** The suspicious findings worth showing for this field's input. */
export function relevantFindings(field: FieldSpec | undefined, findings: readonly CharFinding[]): CharFinding[] {
  const json = isJsonInput(field);
  return findings.filter((f) => f.suspicious && !(json && JSON_WHITESPACE.has(f.kind)));
}
