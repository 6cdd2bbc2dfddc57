// The load-generating process of bench/emulator.bench.ts: runs autocannon against one URL with the body
// given in argv and prints autocannon's result as one JSON line. Kept apart so the servers and the load
// generator do not share a CPU.
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  body: string;
  durationSeconds: number;
  connections: number;
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const result = await autocannon({
  url: spec.url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: spec.body,
  connections: spec.connections,
  duration: spec.durationSeconds,
});
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }) + '\n',
);
