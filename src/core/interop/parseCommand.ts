// A request pasted as a command: curl (bash or cmd), PowerShell's Invoke-WebRequest / Invoke-RestMethod,
// or a fetch() call — what browsers' "Copy as cURL", "Copy as PowerShell" and "Copy as fetch" give. Each
// parser returns parseCurl's shape, so the doctor and the import read all of them the same way.
import { CurlParseError, parseCurl, type CurlCommand, type ShellFlavour } from './parseCurl.ts';
import { FETCH_CALL, FetchParseError, parseFetchCall } from './parseFetchCall.ts';
import { parsePowerShell, PowerShellParseError } from './parsePowerShell.ts';

export type CommandKind = 'curl' | 'powershell' | 'fetch';

/** parseCurl's result, whatever the command was; `data` holds PowerShell's -Body or fetch's body. */
export type PastedCommand = Omit<CurlCommand, 'flavour'> & { flavour: ShellFlavour | 'powershell' | 'fetch' };

export const COMMAND_NAMES: Record<CommandKind, string> = { curl: 'cURL command', powershell: 'PowerShell command', fetch: 'fetch call' };

export class CommandParseError extends Error {
  constructor(
    readonly kind: CommandKind | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Comment lines before the command (a pasted script, or our own cURL snippet). */
const LEADING_COMMENTS = /^(?:[ \t]*(?:#|\/\/|REM\b|::).*(?:\r?\n|$)|[ \t]*\r?\n)+/i;

const CURL = /^(\$\s+)?(\S*[\\/])?curl(\.exe)?\s/i;
const POWERSHELL_COMMAND = /(?:^|[\s;=(])(?:Invoke-WebRequest|Invoke-RestMethod|iwr|irm)(?=[\s`]|$)/im;
/** How a PowerShell paste starts: the command itself, a prompt, or a statement such as `$session = …`. */
const POWERSHELL_START = /^(?:PS [^>\n]*>\s*)?(?:Invoke-WebRequest|Invoke-RestMethod|iwr|irm|\$[\w:]+(?:\.\w+)*\s*=|\[[\w.]+\]::)/i;

/** Parameters only Invoke-WebRequest has: after "curl" (Windows PowerShell 5.1's alias) they mean PowerShell. */
const POWERSHELL_PARAMETER = /\s-(Uri|UseBasicParsing|Method|Body|Headers|ContentType|WebSession)(?=[\s:])/i;

/** The text without its leading comment lines; blank lines keep the line numbers of what follows. */
const withoutLeadingComments = (text: string): string => text.replace(/^\uFEFF/, '').replace(LEADING_COMMENTS, (comments) => comments.replace(/[^\n]/g, ''));

/** Which kind of command the text is, if it is one (leading comment lines aside). */
export function commandKind(text: string): CommandKind | undefined {
  const source = withoutLeadingComments(text).trimStart();
  if (/^(curl|wget)\s/i.test(source) && POWERSHELL_PARAMETER.test(source)) return 'powershell';
  if (CURL.test(source)) return 'curl';
  if (POWERSHELL_START.test(source) && POWERSHELL_COMMAND.test(source)) return 'powershell';
  if (FETCH_CALL.test(source)) return 'fetch';
  return undefined;
}

/** Reads a curl, PowerShell or fetch command; a text that is none of them, or cannot be read, throws CommandParseError. */
export function parseCommand(text: string): PastedCommand {
  const kind = commandKind(text);
  if (!kind) throw new CommandParseError(undefined, 'this is not a command this reads: it should start with curl, Invoke-WebRequest (or iwr, irm), or fetch(');
  const source = withoutLeadingComments(text).trimEnd();
  try {
    return kind === 'curl' ? parseCurl(source) : kind === 'powershell' ? parsePowerShell(source) : parseFetchCall(source);
  } catch (error) {
    if (error instanceof CurlParseError || error instanceof PowerShellParseError || error instanceof FetchParseError) throw new CommandParseError(kind, error.message);
    throw error;
  }
}
