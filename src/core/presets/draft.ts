// What the playground edits and what presets, history and share links carry: a request draft and the
// environment it is sent to. Secrets live only in Credentials, which is never part of a draft.
import type { EndpointId } from '../catalog/types.ts';

export interface RequestDraft {
  endpoint: EndpointId;
  /** Variant id; the endpoint's default variant when absent. */
  variant?: string;
  /** User inputs by wire name, before encoding (JSON text for JSON fields, the RSA plaintext JSON). */
  inputs: Record<string, string>;
  /** Wire values set verbatim (no encoding applied). */
  wire?: Record<string, string>;
}

export type TargetKind = 'emulator' | 'local-server' | 'sandbox-proxy' | 'sandbox' | 'production' | 'custom';

export interface Environment {
  id: string;
  name: string;
  target: TargetKind;
  /** Base URL for target 'custom'. */
  customUrl?: string;
  merchantId: string;
}

/** Secrets (API key, RSA public key, partner key): in memory unless the user asks to remember them on
 *  this device. Never in a draft. */
export type { Credentials } from '../signing/buildRequest.ts';

export const SECRET_FIELDS = ['apiKey', 'rsaPublicKeyPem', 'partnerKey'] as const;
