// The steps of a flow that are not PayWay requests, played against the emulator through its own API
// (src/emulator/admin.ts) with the same fetch as every request: the payer's choice on a checkout,
// linking or payment-link page, a bank app scanning a KHQR, and the pushback arriving at the inbox.
import { PUSHBACK_SIGNATURE_HEADER, verifyPushback } from '../callbacks/pushbackSignature.ts';
import type { Action } from './schema.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ActionResult {
  status?: number;
  headers?: [string, string][];
  body?: unknown;
  /** paid, declined, cancelled, refused; for a pushback: received. */
  outcome: string;
  title?: string;
  message?: string;
  signature?: 'valid' | 'invalid' | 'unsigned';
  /** What was asked of the emulator, for the report. */
  request: { method: string; url: string; body?: string };
}

export class ActionError extends Error {
  override name = 'ActionError';
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ActionError(`${what}: the emulator answered HTTP ${response.status} with ${text.slice(0, 120) || 'nothing'} (is the target really the emulator?)`);
}

const PAST: Record<'pay' | 'decline' | 'cancel', string> = { pay: 'paid', decline: 'declined', cancel: 'cancelled' };
/** The payer page's answers that mean nothing happened (src/emulator/payerPages.ts). */
const REFUSALS = new Set(['Not payable', 'Choose a payment option', 'Refused', 'Already answered', 'Expired', 'Not found']);

const unescapeHtml = (text: string) =>
  text.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

interface Session {
  id: string;
  ref: string;
  kind: string;
}

/** pay / decline / cancel on the newest payer page about `ref`. */
export async function payerAction(fetch: FetchLike, baseUrl: string, action: 'pay' | 'decline' | 'cancel', ref: string, option?: string): Promise<ActionResult> {
  const list = await json(await fetch(`${baseUrl}/_emulator/sessions`), 'listing payer pages');
  const sessions = Array.isArray(list.sessions) ? (list.sessions as Session[]) : [];
  const session = sessions.find((s) => s.ref === ref);
  if (!session) throw new ActionError(`no payer page about "${ref}" in the emulator (was the purchase, link or linking request sent to this emulator, and did it go through?)`);
  const pageUrl = `${baseUrl}/_emulator/pay/${encodeURIComponent(session.id)}`;
  let chosen = option;
  if (action === 'pay' && chosen === undefined) {
    const page = await (await fetch(pageUrl)).text();
    chosen = /<input type="radio" name="option" value="([^"]*)" checked/.exec(page)?.[1];
  }
  const form = new URLSearchParams({ action: action === 'pay' ? 'approve' : action, ...(chosen ? { option: chosen } : {}) });
  const response = await fetch(pageUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const html = await response.text();
  const heading = /<h1 class="(ok|bad)">([\s\S]*?)<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(html);
  const title = heading ? unescapeHtml(heading[2]!) : response.status === 404 ? 'Not found' : 'Unknown answer';
  const message = heading ? unescapeHtml(heading[3]!) : html.slice(0, 200);
  const refused = !response.ok || !heading || REFUSALS.has(title) || (action === 'pay' && heading[1] !== 'ok');
  return {
    status: response.status,
    headers: [...response.headers.entries()],
    body: html,
    outcome: refused ? 'refused' : PAST[action],
    title,
    message,
    request: { method: 'POST', url: pageUrl, body: form.toString() },
  };
}

/** A bank app scanning a KHQR: pays the pending transaction it belongs to (or records an offline payment). */
export async function scanKhqr(fetch: FetchLike, baseUrl: string, qr: string, amount?: string): Promise<ActionResult> {
  const url = `${baseUrl}/_emulator/khqr/scan`;
  const body = JSON.stringify({ qrString: qr, ...(amount !== undefined ? { amount } : {}) });
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = await json(response, 'scanning the KHQR');
  const error = typeof answer.error === 'string' ? answer.error : undefined;
  return {
    status: response.status,
    headers: [...response.headers.entries()],
    body: answer,
    outcome: response.ok ? 'paid' : 'refused',
    ...(error ? { message: error } : {}),
    request: { method: 'POST', url, body },
  };
}

interface InboxItem {
  id: string;
  headers: Record<string, string>;
  body: unknown;
  receivedAt: string;
}

export interface PushbackWait {
  match: string;
  timeoutMs: number;
  /** Inbox items already taken by earlier pushback steps of this run. */
  taken: Set<string>;
  /** The API key to verify the signature with (the merchant's). */
  apiKey?: string;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

const POLL_MS = 50;

/** Waits for a pushback whose body contains `match` at the emulator's inbox, and checks its signature. */
export async function waitForPushback(fetch: FetchLike, baseUrl: string, wait: PushbackWait): Promise<ActionResult> {
  const url = `${baseUrl}/_emulator/inbox`;
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const answer = await json(await fetch(url), 'reading the inbox');
    const items = (Array.isArray(answer.items) ? (answer.items as InboxItem[]) : []).slice().reverse();
    const item = items.find((i) => !wait.taken.has(i.id) && (typeof i.body === 'string' ? i.body : JSON.stringify(i.body)).includes(wait.match));
    if (item) {
      wait.taken.add(item.id);
      const header = Object.entries(item.headers).find(([name]) => name.toLowerCase() === PUSHBACK_SIGNATURE_HEADER.toLowerCase())?.[1];
      let signature: ActionResult['signature'] = 'unsigned';
      if (header !== undefined) {
        const fields = typeof item.body === 'object' && item.body !== null && !Array.isArray(item.body) ? (item.body as Record<string, unknown>) : undefined;
        signature = fields && wait.apiKey && (await verifyPushback(fields, header, wait.apiKey)).valid ? 'valid' : 'invalid';
      }
      return { headers: Object.entries(item.headers), body: item.body, outcome: 'received', signature, request: { method: 'GET', url } };
    }
    if (Date.now() >= deadline || wait.signal?.aborted) {
      throw new ActionError(`no pushback containing "${wait.match}" reached the inbox within ${wait.timeoutMs} ms (did the request put {{$inboxUrl}} in return_url / callback_url?)`);
    }
    await sleep(POLL_MS);
  }
}

export const ACTION_PAST = PAST;
export type PayerAction = Extract<Action, 'pay' | 'decline' | 'cancel'>;

const PENDING_ENTRY = /_emulator\/requests\?id=(\d+)/;

/**
 * The emulator answers a refusal within a few milliseconds; when its doctor needs longer, the header names
 * the request-log entry that will hold the finding. Reads that entry until it is final (or `waitMs` passed)
 * so a report shows the cause rather than "still searching".
 */
export async function finishedDiagnosis(fetch: FetchLike, baseUrl: string, header: string, waitMs = 3000): Promise<string> {
  const id = PENDING_ENTRY.exec(header)?.[1];
  if (!id) return header;
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const { entries } = (await (await fetch(`${baseUrl}/_emulator/requests?id=${id}`)).json()) as { entries?: { diagnosis?: string; diagnosisState?: string }[] };
      const entry = entries?.[0];
      if (entry?.diagnosisState === 'final' && entry.diagnosis) return entry.diagnosis;
    } catch {
      return header; // not an emulator after all, or gone: the header is all there is
    }
    if (Date.now() >= until) return header;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
