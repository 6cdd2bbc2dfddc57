// Where an offset falls in pasted text, in the words an error message uses ("line 3, column 12").

/** 1-based line and column of `index` in `text` (a column counts UTF-16 units, as editors do). */
export function lineColumn(text: string, index: number): string {
  const before = text.slice(0, Math.max(0, index));
  const line = before.split('\n').length;
  const column = index - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}
