// Finds the characters that make two strings look equal while hashing differently, and draws them
// visibly for the trace: the usual cause of a "Wrong hash" that nobody can see.
import { utf8Encode, bytesToHex } from './bytes.ts';

export type CharKind =
  | 'leading-space'
  | 'trailing-space'
  | 'tab'
  | 'cr'
  | 'lf'
  | 'nbsp'
  | 'zero-width'
  | 'bom'
  | 'smart-quote'
  | 'control'
  | 'non-ascii';

export interface CharFinding {
  /** UTF-16 offset in the inspected text. */
  index: number;
  char: string;
  codePoint: string; // 'U+200B'
  utf8: string; // 'e2 80 8b'
  kind: CharKind;
  /** True for the kinds that are almost always a mistake (everything but plain non-ASCII text). */
  suspicious: boolean;
  /** How the trace draws it. */
  marker: string;
}

// Invisible in most fonts: zero-width characters, bidi marks, the soft hyphen.
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0x180e, 0x200e, 0x200f, 0x00ad, 0x061c]);
const SMART_QUOTES = new Set([0x2018, 0x2019, 0x201a, 0x201b, 0x201c, 0x201d, 0x201e, 0x201f, 0x2032, 0x2033]);
// Fast path: plain printable ASCII with no space at either end needs no inspection.
const NEEDS_INSPECTION = /[^\x21-\x7e ]|^ | $/;

const codePointLabel = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

// Khmer text repeats the same few dozen characters; their byte strings are worth remembering.
const utf8HexCache = new Map<string, string>();
function utf8Hex(char: string): string {
  let hex = utf8HexCache.get(char);
  if (hex === undefined) {
    hex = bytesToHex(utf8Encode(char)).replace(/(..)(?!$)/g, '$1 ');
    if (utf8HexCache.size < 4096) utf8HexCache.set(char, hex);
  }
  return hex;
}

function classify(cp: number, atStart: boolean, atEnd: boolean): CharKind | undefined {
  if (cp === 0x20) return atStart ? 'leading-space' : atEnd ? 'trailing-space' : undefined;
  if (cp === 0x09) return 'tab';
  if (cp === 0x0d) return 'cr';
  if (cp === 0x0a) return 'lf';
  // No-break and typographic spaces look like a space but are other bytes.
  if (cp === 0xa0 || cp === 0x202f || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x3000) return 'nbsp';
  if (cp === 0x2028 || cp === 0x2029) return 'lf';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'control'; // a lone surrogate: sent as U+FFFD
  if (cp === 0xfeff) return 'bom';
  if (ZERO_WIDTH.has(cp)) return 'zero-width';
  if (SMART_QUOTES.has(cp)) return 'smart-quote';
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 'control';
  if (cp > 0x7e) return 'non-ascii';
  return undefined;
}

const MARKERS: Partial<Record<CharKind, string>> = {
  'leading-space': '·',
  'trailing-space': '·',
  tab: '→',
  lf: '↵',
  cr: '␍',
};

// The trace inspects every input on every keystroke, and a long one (items with Khmer names: hundreds of
// findings) rarely changes while another field is typed in. Long texts are remembered, a few at a time;
// callers treat the findings as read-only.
const REMEMBERED_FROM_LENGTH = 256;
const REMEMBERED_TEXTS = 16;
const remembered = new Map<string, CharFinding[]>();

export function inspectChars(text: string): CharFinding[] {
  if (!NEEDS_INSPECTION.test(text)) return [];
  if (text.length < REMEMBERED_FROM_LENGTH) return findCharacters(text);
  let findings = remembered.get(text);
  if (!findings) {
    findings = findCharacters(text);
    if (remembered.size >= REMEMBERED_TEXTS) remembered.delete(remembered.keys().next().value!);
    remembered.set(text, findings);
  }
  return findings;
}

function findCharacters(text: string): CharFinding[] {
  const findings: CharFinding[] = [];
  const leading = text.length - text.trimStart().length;
  const trailingFrom = text.trimEnd().length;
  let index = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const kind = classify(cp, index < leading, index >= trailingFrom);
    if (kind) {
      const codePoint = codePointLabel(cp);
      findings.push({
        index,
        char,
        codePoint,
        utf8: utf8Hex(char),
        kind,
        suspicious: kind !== 'non-ascii',
        marker: MARKERS[kind] ?? (kind === 'non-ascii' ? char : `⟨${codePoint}⟩`),
      });
    }
    index += char.length;
  }
  return findings;
}

export const describeFinding = (f: CharFinding): string => {
  const names: Record<CharKind, string> = {
    'leading-space': 'a space at the start',
    'trailing-space': 'a space at the end',
    tab: 'a tab',
    cr: 'a carriage return (CR)',
    lf: 'a line feed (LF)',
    nbsp: 'a non-breaking space',
    'zero-width': 'a zero-width character',
    bom: 'a byte-order mark (BOM)',
    'smart-quote': 'a typographic quote',
    control: 'a control character',
    'non-ascii': 'a non-ASCII character',
  };
  return `${names[f.kind]} (${f.codePoint}, UTF-8 ${f.utf8}) at position ${f.index + 1}`;
};

/** Pieces of text for display: plain runs and visible markers for the findings. */
export type VisibleToken = { text: string } | { text: string; finding: CharFinding };

export function visibleTokens(text: string, findings: readonly CharFinding[] = inspectChars(text)): VisibleToken[] {
  const tokens: VisibleToken[] = [];
  let from = 0;
  for (const finding of findings) {
    if (!finding.suspicious) continue;
    if (finding.index > from) tokens.push({ text: text.slice(from, finding.index) });
    tokens.push({ text: finding.marker, finding });
    from = finding.index + finding.char.length;
  }
  if (from < text.length || tokens.length === 0) tokens.push({ text: text.slice(from) });
  return tokens;
}
