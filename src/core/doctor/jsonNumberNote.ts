// A small addition from the emulator's work (issue #11), kept apart from the search: when a finding is
// about a field the pasted JSON body sent as a number, say how PayWay reads that number. The doctor
// already diagnoses the value as PayWay reads it (parseRequestText applies the rule of
// core/signing/jsonWireValue); this names the cause in the finding itself.
import type { JsonNumber } from '../interop/parseRequestText.ts';
import type { Finding } from './mistake.ts';

export function noteJsonNumbers(findings: Finding[], numbers: readonly JsonNumber[] | undefined): void {
  if (!numbers?.length) return;
  for (const finding of findings) {
    const number = numbers.find((n) => n.kind === 'number' && n.field === finding.field);
    if (!number) continue;
    finding.explanation +=
      number.read === number.written
        ? ` The body sends ${number.field} as the JSON number ${number.written}, which PayWay hashes as "${number.read}".`
        : ` The body sends ${number.field} as the JSON number ${number.written}, which PayWay hashes as PHP prints it: "${number.read}", not "${number.written}"; send it as a string.`;
  }
}
