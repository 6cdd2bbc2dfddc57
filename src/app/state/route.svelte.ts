// The hash router: `#/<endpoint-id>` opens an endpoint, `#/doctor` is reserved for the doctor page.
// Links are plain <a href="#/…">, so back/forward, reload and shared links all work without help.
import { isEndpointId } from '../../core/catalog/index.ts';
import type { EndpointId } from '../../core/catalog/types.ts';

export type Route = { page: 'endpoint'; endpoint: EndpointId } | { page: 'doctor' };

export const DEFAULT_ENDPOINT: EndpointId = 'purchase';

/** The route a location hash names, or undefined when it names nothing we know. */
export function parseRoute(hash: string): Route | undefined {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  if (name === 'doctor') return { page: 'doctor' };
  if (isEndpointId(name)) return { page: 'endpoint', endpoint: name };
  return undefined;
}

export const hrefOf = (route: Route): string => (route.page === 'doctor' ? '#/doctor' : `#/${route.endpoint}`);

const sameRoute = (a: Route, b: Route) => hrefOf(a) === hrefOf(b);

/** The parts of `window` the router touches, so tests can hand it a fake. */
export interface RouterWindow {
  location: { hash: string };
  history: { state: unknown; pushState(state: unknown, unused: string, url: string): void; replaceState(state: unknown, unused: string, url: string): void };
  addEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
  removeEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
}

export class Router {
  current = $state.raw<Route>({ page: 'endpoint', endpoint: DEFAULT_ENDPOINT });
  /** The history entry's state: what a page was opened with (the doctor reads its request from here). */
  state = $state.raw<unknown>(null);
  endpoint = $derived(this.current.page === 'endpoint' ? this.current.endpoint : undefined);
  #window: RouterWindow;

  constructor(win: RouterWindow = window) {
    this.#window = win;
    this.#sync();
    win.addEventListener('hashchange', this.#sync);
    win.addEventListener('popstate', this.#sync);
  }

  /** Goes to `route`, adding a history entry (pushState fires no hashchange, so sync by hand). */
  navigate(route: Route, state: unknown = null): void {
    this.#window.history.pushState(state, '', hrefOf(route));
    this.#sync();
  }

  destroy(): void {
    this.#window.removeEventListener('hashchange', this.#sync);
    this.#window.removeEventListener('popstate', this.#sync);
  }

  #sync = (): void => {
    const parsed = parseRoute(this.#window.location.hash);
    // An empty or unknown hash is rewritten in place, so the address bar always names the endpoint shown.
    const route = parsed ?? { page: 'endpoint', endpoint: this.endpoint ?? DEFAULT_ENDPOINT };
    if (!parsed) this.#window.history.replaceState(this.#window.history.state, '', hrefOf(route));
    if (!sameRoute(route, this.current)) this.current = route;
    this.state = this.#window.history.state;
  };
}
