// Byte positions as people read them, the same in the CLI and in the page: counted from 1 (the first
// byte of the string-to-sign is byte 1, as the doctor's summaries say). JSON output keeps the 0-based
// offsets (`byteStart`, `byteEnd`, `byteIndex`) that code indexes with.

/** The position people read for a 0-based byte offset. */
export const bytePosition = (offset: number): number => offset + 1;

/** Where a segment sits in the string-to-sign: `bytes 15–22`, `byte 7`, or `empty (not sent)`. */
export function byteRange(segment: { byteStart: number; byteEnd: number; empty?: boolean }): string {
  if (segment.empty || segment.byteEnd <= segment.byteStart) return 'empty (not sent)';
  const first = bytePosition(segment.byteStart);
  return segment.byteEnd - segment.byteStart === 1 ? `byte ${first}` : `bytes ${first}–${segment.byteEnd}`;
}
