// Finds (or, as root on Debian, installs) the external tools the test suites need.
// Each ensure* returns the absolute path of the tool, or throws a ToolMissingError whose message says
// exactly what to install. Nothing is ever skipped for a missing tool: the caller fails the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export class ToolMissingError extends Error {
  name = 'ToolMissingError';
}

/** Absolute path of an executable file, or undefined. */
function executable(path) {
  try {
    if (!statSync(path).isFile()) return undefined;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/** `command` looked up on PATH (like `command -v`), or undefined. */
export function which(command) {
  if (command.includes('/')) return executable(command);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const found = executable(join(dir, command));
    if (found) return found;
  }
  return undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

let aptUpdated = false;

/** `apt-get install -y pkg` as root; returns whether it ran and succeeded. Output goes to the terminal. */
function aptInstall(pkg) {
  if (!isRoot() || !which('apt-get')) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    console.log('$ apt-get update');
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (update.status !== 0) return false;
    aptUpdated = true;
  }
  console.log(`$ apt-get install -y ${pkg}`);
  const install = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env });
  return install.status === 0;
}

/**
 * The path of `command`: found on PATH (or as `candidates`), else installed from Debian package `pkg`
 * when running as root with apt-get, else a ToolMissingError that names the package and `why`
 * (a phrase such as 'the Go snippet tests').
 * `accept(path)` may reject a found binary (say, PHP without openssl); it returns an error string or
 * undefined when the tool is fine.
 */
export function ensureDebianTool({ command, pkg, why, candidates = [], accept, hint }) {
  const find = () => {
    for (const c of [...candidates, command]) {
      const path = c && which(c);
      if (path) return path;
    }
    return undefined;
  };
  const check = (path) => (accept ? accept(path) : undefined);

  let path = find();
  let problem = path ? check(path) : `${command} not found`;
  if (problem && aptInstall(pkg)) {
    path = find();
    problem = path ? check(path) : `${command} still not found after apt-get install ${pkg}`;
  }
  if (!problem && path) return path;
  throw new ToolMissingError(
    `${problem} (needed by ${why}).\n` +
      `Install it with:  sudo apt-get install ${pkg}` +
      (hint ? `\n${hint}` : ''),
  );
}

/** Chromium for Playwright: CHROMIUM_PATH if set, else /usr/bin/chromium, else `apt-get install chromium`. */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    console.warn(`CHROMIUM_PATH=${fromEnv} is not an executable file; looking for Debian's chromium instead.`);
  }
  return ensureDebianTool({
    command: 'chromium',
    pkg: 'chromium',
    why: 'the end-to-end tests (Playwright)',
    candidates: ['/usr/bin/chromium'],
    hint: 'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
  });
}

/** PHP CLI with the openssl extension (for the conformance suite). Debian's php-cli has it. */
export function ensurePhp() {
  const path = ensureDebianTool({
    command: 'php',
    pkg: 'php-cli',
    why: 'the PHP conformance tests',
    accept: (path) => {
      try {
        const modules = execFileSync(path, ['-m'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return /^openssl$/im.test(modules) ? undefined : `${path} has no openssl extension`;
      } catch (error) {
        return `${path} -m failed (${error.message})`;
      }
    },
  });
  // The conformance suite's PHP integrator sends its requests with curl, as PayWay's PHP samples do.
  const hasCurl = () => /^curl$/im.test(execFileSync(path, ['-m'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  if (!hasCurl() && !(aptInstall('php-curl') && hasCurl())) {
    throw new ToolMissingError(`${path} has no curl extension (needed by the conformance suite's PHP client).\nInstall it with:  sudo apt-get install php-curl`);
  }
  return path;
}

/** Go for the Go snippet tests: `go` on PATH or Debian's golang-go (which puts it in /usr/lib/go/bin). */
export function ensureGo() {
  return ensureDebianTool({
    command: 'go',
    pkg: 'golang-go',
    why: 'the Go snippet tests',
    candidates: ['/usr/bin/go', '/usr/lib/go/bin/go'],
    accept: (path) => {
      const run = spawnSync(path, ['version'], { encoding: 'utf8' });
      return run.status === 0 ? undefined : `${path} version failed (${run.stderr.trim()})`;
    },
  });
}

/** Whether `python` can import the cryptography package (the Python snippets' RSA). */
function hasCryptography(python) {
  return spawnSync(python, ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0;
}

/**
 * A python3 that can `import cryptography`. PyPI is out of reach here, so the package comes from
 * Debian (python3-cryptography), which only Debian's /usr/bin/python3 sees: a pyenv or venv python3
 * first on PATH would not, hence the second candidate.
 */
export function ensurePythonCryptography() {
  const candidates = () => [which('python3'), executable('/usr/bin/python3')].filter(Boolean);
  const found = () => candidates().find(hasCryptography);
  let python = found();
  if (python) return python;
  if (aptInstall('python3-cryptography')) python = found();
  if (python) return python;
  throw new ToolMissingError(
    `no python3 that can import cryptography (tried ${candidates().join(', ') || 'python3'}; needed by the Python snippet tests).\n` +
      'Install it with:  sudo apt-get install python3-cryptography   (then /usr/bin/python3 has it)',
  );
}
