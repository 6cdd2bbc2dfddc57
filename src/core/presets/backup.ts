// Files: one preset, a selection, or a full backup (presets, environments, and history when asked), as
// JSON with a format version. Everything goes out through serializeForExport and comes back in through
// restore, so a file can never carry more, or load less, than those two allow.
import type { Credentials } from './draft.ts';
import { DOCUMENT_FORMAT, restore, type RestoreOptions, type RestoreResult } from './restore.ts';
import { SCHEMA_VERSION, type HistoryEntry, type Preset, type StoredEnvironment } from './schema.ts';
import { SECRETS_WARNING, serializeForExport } from './serializeForExport.ts';

export type ExportContent =
  | { kind: 'preset'; preset: Preset }
  | { kind: 'selection'; presets: readonly Preset[] }
  | { kind: 'backup'; presets: readonly Preset[]; environments: readonly StoredEnvironment[]; history?: readonly HistoryEntry[] };

export interface ExportFileOptions {
  /** Keep environments' secrets (remembered ones, plus `secretsByEnvironment`). Show SECRETS_WARNING first. */
  includeSecrets?: boolean;
  /** Secrets held in memory for environments that do not remember them; used only with includeSecrets. */
  secretsByEnvironment?: Readonly<Record<string, Credentials>>;
  /** Credentials held right now; copies of them elsewhere in the data are replaced. */
  knownSecrets?: readonly (Credentials | undefined)[];
  now?: Date;
}

export interface ExportedFile {
  text: string;
  filename: string;
  mimeType: 'application/json';
  redacted: string[];
  secretsIncluded: boolean;
}

export interface PresetDocument {
  format: typeof DOCUMENT_FORMAT;
  version: number;
  kind: ExportContent['kind'];
  exportedAt: string;
  secretsIncluded: boolean;
  warning?: string;
  presets: Preset[];
  environments?: StoredEnvironment[];
  history?: HistoryEntry[];
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'preset';

export function exportFile(content: ExportContent, options: ExportFileOptions = {}): ExportedFile {
  const now = options.now ?? new Date();
  const includeSecrets = options.includeSecrets === true;
  const document: PresetDocument = {
    format: DOCUMENT_FORMAT,
    version: SCHEMA_VERSION,
    kind: content.kind,
    exportedAt: now.toISOString(),
    secretsIncluded: includeSecrets,
    presets: content.kind === 'preset' ? [content.preset] : [...content.presets],
  };
  if (content.kind === 'backup') {
    document.environments = content.environments.map((environment) => {
      if (!includeSecrets) return environment;
      const secrets = { ...environment.secrets, ...options.secretsByEnvironment?.[environment.id] };
      // Secrets in a file mean "remember these": the importing side asks before keeping them.
      return Object.keys(secrets).length ? { ...environment, rememberSecrets: true, secrets } : environment;
    });
    if (content.history) document.history = [...content.history];
  }
  if (includeSecrets) document.warning = SECRETS_WARNING;
  const known = includeSecrets ? [] : options.knownSecrets;
  const { value, redacted, secretsIncluded } = serializeForExport(document, { path: 'file', includeSecrets, knownSecrets: known });
  value.secretsIncluded = secretsIncluded && (value.environments ?? []).some((e) => e.secrets);
  const date = now.toISOString().slice(0, 10);
  const filename =
    content.kind === 'preset'
      ? `payway-preset-${slug(content.preset.name)}.json`
      : content.kind === 'selection'
        ? `payway-presets-${content.presets.length}-${date}.json`
        : `payway-backup-${date}${value.secretsIncluded ? '-WITH-SECRETS' : ''}.json`;
  return { text: JSON.stringify(value, null, 2) + '\n', filename, mimeType: 'application/json', redacted, secretsIncluded: value.secretsIncluded };
}

/** Reads an exported file (or any JSON restore understands). Never throws; the result says what happened. */
export function importFile(text: string, options: RestoreOptions = {}): RestoreResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      value: { presets: [], environments: [], history: [], secretsIncluded: false },
      problems: [],
      quarantined: [{ raw: text, reason: 'invalid', problems: [`not valid JSON: ${reason}`] }],
      error: { kind: 'not-recognised', message: `This file is not valid JSON (${reason}); it may be damaged or not a PayWay Playground export.` },
    };
  }
  return restore(json, options);
}
