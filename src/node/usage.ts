// Wrong usage is reported the same way by every command: what is wrong, the usage line, exit code 2.

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** Parses repeated `name=value` options into an object, naming the option when one is malformed. */
export function parsePairs(option: string, values: readonly string[] | undefined, usage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} "${pair}" is not name=value`, usage);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
