// The `payway` command line: one table of commands, each in its own module.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Io } from './usage.ts';

export interface Command {
  summary: string;
  usage: string;
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

const defaultIo: Io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };

async function overview(): Promise<string> {
  const lines = ['Usage: payway <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) lines.push(`  ${name.padEnd(16)}${(await load()).summary}`);
  lines.push('', 'Run "payway <command> --help" for its options.');
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
      io.out(`${command.summary}\n\nUsage: ${command.usage}`);
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
