// `payway mock --no-private-callbacks`: pushbacks only to public addresses, for an emulator shared by
// several people. By default the emulator POSTs a pushback to whatever return_url / callback_url names,
// the tester's own machine and private network included (that is what a local tool is for).
// A name is resolved before it is judged (`localhost`, a name pointing at 10.x), and the check is made
// again on the address the connection really uses (a name that resolves differently the second time
// gains nothing); redirects are not followed.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { EmulatorOptions } from '../emulator/index.ts';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (an IP literal) is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return blocked.check(mapped, 'ipv4');
  const family = isIP(bare);
  if (family === 0) return true; // not an address: nothing to connect to
  return blocked.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

const reason = (host: string, address: string) =>
  `not sent: ${host} is ${host === address ? '' : `at ${address}, `}a loopback or private address, and this emulator runs with --no-private-callbacks`;

async function addressesOf(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  return new Promise((done, fail) => dnsLookup(bare, { all: true }, (error, found: LookupAddress[]) => (error ? fail(error) : done(found.map((a) => a.address)))));
}

/** Why a pushback to `url` is not sent, or undefined when every address its host resolves to is public. */
export async function privateCallbackRefusal(url: URL): Promise<string | undefined> {
  let addresses: string[];
  try {
    addresses = await addressesOf(url.hostname);
  } catch (error) {
    return `not sent: ${url.hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const inside = addresses.find(isPrivateAddress);
  return inside === undefined ? undefined : reason(url.hostname, inside);
}

/** dns.lookup that refuses to hand a private address to the connection. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const inside = found.find((a) => isPrivateAddress(a.address));
    if (inside) return callback(Object.assign(new Error(reason(hostname, inside.address)), { code: 'EPRIVATE' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, found);
    callback(null, found[0]!.address, found[0]!.family);
  });
};

/** A fetch for pushbacks over node:http(s) whose connections go to public addresses only, redirects not followed. */
export const publicOnlyFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) && isPrivateAddress(bare)) return Promise.reject(new Error(reason(url.hostname, bare)));
  const body = typeof init.body === 'string' ? init.body : undefined;
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return new Promise<Response>((done, fail) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', headers, lookup: publicLookup, signal: init.signal ?? undefined }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) answer.set(name, Array.isArray(value) ? value.join(', ') : value);
        const status = res.statusCode ?? 502;
        done(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: answer }));
      });
    });
    req.on('error', fail);
    req.end(body);
  });
};

/** The emulator options of `--no-private-callbacks`. */
export function publicCallbacksOnly(): Pick<EmulatorOptions, 'fetch' | 'checkCallbackTarget'> {
  return { fetch: publicOnlyFetch, checkCallbackTarget: privateCallbackRefusal };
}
