// The `payway` command line: one table of commands, each in its own module.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Io } from './usage.ts';

export interface Command {
  summary: string;
  usage: string;
  /** Command lines shown under "Examples:" in `--help`, each with a `#` comment saying what it does. */
  examples?: readonly string[];
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code. */
  run(args: { positionals: string[]; values: Record<string, unknown> }, io: Io): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).startCommand,
  mock: async () => (await import('./commands/mock.ts')).mockCommand,
  endpoints: async () => (await import('./commands/endpoints.ts')).endpointsCommand,
  sign: async () => (await import('./commands/sign.ts')).signCommand,
  'verify-callback': async () => (await import('./commands/verifyCallback.ts')).verifyCallbackCommand,
  doctor: async () => (await import('./commands/doctor.ts')).doctorCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
};

/**
 * One line per command for `payway --help`, written here so that the overview loads no command module
 * (it prints in about the time Node takes to start). A command missing here is loaded for its summary.
 */
const summaries: Readonly<Record<string, string>> = {
  start: 'Serve the app on 127.0.0.1, with the emulator at /mock/ and a PayWay proxy at /proxy/.',
  mock: 'Run only the PayWay emulator (for your backend tests); --state keeps it in an SQLite database.',
  endpoints: 'List every PayWay endpoint in the catalog.',
  sign: 'Build and sign a request; print every step (or one JSON object with --json).',
  'verify-callback': 'Check the X-PayWay-HMAC-SHA512 signature of a pushback body PayWay sent you.',
  doctor: 'Find the mistake behind a "Wrong hash": paste the request and your hash or string to sign.',
  run: 'Replay a collection of requests (a folder in git) against the emulator or PayWay; JUnit for CI.',
};

/** `payway <command> --help`: what it does, its usage and examples. */
export function commandHelp(command: Command): string {
  const lines = [command.summary, '', `Usage: ${command.usage}`];
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

const defaultIo: Io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };

async function overview(): Promise<string> {
  const lines = ['Usage: payway <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) lines.push(`  ${name.padEnd(16)}${summaries[name] ?? (await load()).summary}`);
  lines.push('', 'Run "payway <command> --help" for its options and examples.', '', 'Examples:');
  lines.push('  payway start                              # the playground at http://127.0.0.1:4173/');
  lines.push('  payway mock --port 4010                   # only the emulator, for your backend\'s tests');
  lines.push('  payway sign check-transaction --examples --key "$PAYWAY_API_KEY"');
  return lines.join('\n');
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.err(await overview());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(await overview());
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.err(`payway: unknown command "${name}"\n\n${await overview()}`);
    return 2;
  }
  const command = await load();
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(command));
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), command.usage);
    }
    return await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, unknown> }, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`payway ${name}: ${error.message}\nUsage: ${error.usage}`);
      return 2;
    }
    io.err(`payway ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
