// A value now or later. The emulator answers a PayWay call without a promise when nothing on the way has
// to wait (a body already read, node:crypto's HMAC, no state to save): on the Node server a dozen
// promises per call were a tenth of its time (`npm run bench:emulator`). Anything that waits stays a promise.

export type MaybePromise<T> = T | Promise<T>;

/** `then(value)` at once when `value` is there, after it when it is a promise. */
export function whenReady<T, U>(value: MaybePromise<T>, then: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(then) : then(value);
}
