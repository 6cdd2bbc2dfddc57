// Every send, as history records it: the request exactly as it went out, what came back (or why
// nothing did), when, and to which target. It watches the response state rather than wrapping send(),
// and keeps what it sees until the history panel (a lazy chunk) takes it, so no send is missed.
import { getEndpoint, getVariant } from '../../core/catalog/index.ts';
import type { Credentials, RequestDraft } from '../../core/presets/draft.ts';
import type { HistoryInput } from '../../core/presets/presetStore.ts';
import type { EnvironmentRef } from '../../core/presets/schema.ts';
import { serializeBody } from '../../core/signing/index.ts';
import { LOCAL_SERVER_HEADER } from '../send.ts';
import type { AppState } from './app.svelte.ts';
import type { SentRequest } from './response.svelte.ts';
import { environmentRefOf } from './storage/rememberedEnvironment.ts';

export interface LoggedSend {
  input: HistoryInput;
  /** The credentials of that moment, so history can scrub any copy of them (they are not stored). */
  knownSecrets: Credentials;
}

/** What the form held when the request went out. */
interface Snapshot {
  at: number;
  draft: RequestDraft;
  environment: EnvironmentRef;
  knownSecrets: Credentials;
}

export class SendLog {
  #waiting: LoggedSend[] = [];
  #listener: ((send: LoggedSend) => void) | undefined;

  /** Starts watching. Call during a component's initialisation (it creates an effect). */
  watch(app: AppState): void {
    const snapshots = new WeakMap<SentRequest, Snapshot>();
    const logged = new WeakSet<SentRequest>();
    const snapshot = (): Snapshot => ({
      at: Date.now(),
      draft: app.playground.toDraft(),
      environment: environmentRefOf(app.environment),
      knownSecrets: { ...app.environment.credentials },
    });
    $effect(() => {
      const { request, pending, result, failure } = app.response;
      if (!request || logged.has(request)) return;
      // The request appears while the form still holds what was sent: keep that until the answer comes.
      if (!snapshots.has(request)) snapshots.set(request, snapshot());
      if (pending) return;
      logged.add(request);
      this.#add(toHistoryInput(request, snapshots.get(request)!, result, failure));
    });
  }

  /** Hands every logged send to `listener`, the waiting ones first. */
  drain(listener: (send: LoggedSend) => void): void {
    this.#listener = listener;
    for (const send of this.#waiting.splice(0)) listener(send);
  }

  #add(send: LoggedSend): void {
    if (this.#listener) this.#listener(send);
    else this.#waiting.push(send);
  }
}

function toHistoryInput(request: SentRequest, snapshot: Snapshot, result: AppState['response']['result'], failure: AppState['response']['failure']): LoggedSend {
  const endpoint = getEndpoint(request.endpoint);
  // The body rebuilt from the wire values sent: the same bytes (the multipart boundary is fixed).
  const body = serializeBody(getVariant(endpoint, request.variant).contentType ?? endpoint.contentType, request.wire);
  const headers: [string, string][] = [['content-type', body.contentTypeHeader]];
  if (request.target === 'local-server') headers.push([LOCAL_SERVER_HEADER, 'local-server']);
  const input: HistoryInput = {
    at: snapshot.at,
    draft: snapshot.draft,
    environment: snapshot.environment,
    target: request.target,
    request: { method: 'POST', url: request.url, headers, body: body.text },
  };
  if (result) input.response = { status: result.status, statusText: result.statusText, headers: result.headers, body: result.text, durationMs: Math.round(result.ms) };
  else if (failure) input.error = `${failure.message}${failure.advice ? ` ${failure.advice}` : ''}`;
  else if (request.form) input.error = 'Sent as a form POST into a new tab; the answer was shown there, not recorded.';
  return { input, knownSecrets: snapshot.knownSecrets };
}
