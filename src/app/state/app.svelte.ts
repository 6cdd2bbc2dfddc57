// The page's state objects, created once in App.svelte and handed to components through context.
import { getContext, setContext } from 'svelte';
import { getEndpoint } from '../../core/catalog/index.ts';
import { startEmulator } from '../emulatorConnection.ts';
import { EnvironmentState, type KeyValueStore } from './environment.svelte.ts';
import { Playground } from './playground.svelte.ts';
import { ResponseState } from './response.svelte.ts';
import { Router } from './route.svelte.ts';
import { browserSessionStorage, SessionDrafts } from './sessionDrafts.ts';
import { browserLocalStorage, StartHere } from './startHere.svelte.ts';

export class AppState {
  router = new Router();
  environment: EnvironmentState;
  playground: Playground;
  response = new ResponseState();
  /** The first-visit path (components/start/StartHere.svelte). */
  startHere = new StartHere(browserLocalStorage());
  /** Which view of the outgoing request is shown: its body or the code that sends it. */
  requestView = $state<'body' | 'code'>('body');
  /** The form's edits per endpoint, kept for this tab so a reload brings them back. */
  drafts: SessionDrafts;

  constructor(store?: KeyValueStore, sessionStore = browserSessionStorage()) {
    this.environment = new EnvironmentState(store);
    this.drafts = new SessionDrafts(sessionStore);
    this.playground = new Playground(() => ({ credentials: this.environment.credentials, merchantId: this.environment.merchantId }), {
      endpoint: this.router.endpoint,
      restoreDraft: (id) => this.drafts.read(id),
    });
  }

  /** Keeps what the form shows for this tab (call from an effect: it reads the draft and the credentials). */
  keepDraft(): void {
    this.drafts.save(this.playground.toDraft(), this.playground.autoTime, this.environment.credentials);
  }

  /** Sends the request as shown; time fields that follow the clock are set to now first. Call it from the
   *  click or key handler itself: a form POST needs its tab opened while the user gesture lasts. */
  async send(): Promise<void> {
    const { playground, environment } = this;
    if (this.response.pending) return;
    const formTarget = playground.endpoint.response.kind === 'html' ? `payway-${Date.now()}` : undefined;
    const tab = formTarget ? window.open('about:blank', formTarget) : null;
    if (playground.autoTime) playground.refreshTime();
    const trace = await playground.recompute();
    if (trace) {
      await this.response.send(trace, getEndpoint(trace.endpoint), environment, {
        baseURI: document.baseURI,
        origin: location.origin,
        // The server's own emulator answers under `payway start`: no service worker to start.
        startEmulator: environment.emulatorHome === 'server' ? undefined : startEmulator,
        formTarget: tab ? formTarget : undefined,
      });
      // What went through is what the next request (check, refund, complete) most likely wants.
      if (this.response.succeeded) playground.rememberSent(trace);
    }
    if (tab && (!trace || this.response.failure)) tab.close();
  }
}

const KEY = Symbol('payway-app');

export const setAppState = (state: AppState): AppState => setContext(KEY, state);
export const getAppState = (): AppState => getContext<AppState>(KEY);
