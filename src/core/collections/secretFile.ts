// A local `environments/<name>.secret` file: NAME=value lines, as a .env file has them, kept out of git
// (*.secret in .gitignore). Values may be quoted; a double-quoted value may span lines (a PEM) or use \n.
export function parseSecretFile(text: string): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`line ${i + 1} is not NAME=value`);
      continue;
    }
    let value = m[2]!;
    if (value.startsWith('"')) {
      let body = value.slice(1);
      // A double-quoted value ends at the next unescaped quote, possibly lines later.
      while (!/(^|[^\\])"\s*$/.test(body) && i + 1 < lines.length) body += '\n' + lines[++i];
      value = body.replace(/"\s*$/, '').replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else if (value.startsWith("'")) value = value.slice(1).replace(/'\s*$/, '');
    else value = value.replace(/\s+#.*$/, '');
    values[m[1]!] = value;
  }
  return { values, problems };
}
