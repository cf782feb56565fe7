import autocannon from 'autocannon';

/**
 * The load generator of the HTTP benches, run in its own process (`forkLoadClient` in http-load.ts) so the
 * clients never share an event loop with the server they measure. It receives one `LoadSpec` over IPC,
 * drives autocannon against the server on loopback and answers with a `LoadSummary`.
 */

export interface LoadSpec {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  /** GET requests (path with query, own headers), sent in this order by each connection, round and round */
  requests: { path: string; headers?: Record<string, string> }[];
  connections: number;
  seconds: number;
}

export interface LoadSummary {
  /** completed requests per second (mean of the per-second samples) */
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** non-2xx answers, connection errors and timeouts */
  errors: number;
}

async function run(spec: LoadSpec): Promise<LoadSummary> {
  const r = await autocannon({
    url: spec.origin,
    connections: spec.connections,
    duration: spec.seconds,
    requests: spec.requests.map((r) => ({ method: 'GET' as const, path: r.path, headers: r.headers ?? {} })),
  });
  return {
    rps: Math.round(r.requests.average),
    requests: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

process.once('message', (spec: LoadSpec) => {
  run(spec).then(
    (summary) => process.send!(summary, () => process.exit(0)),
    (e: unknown) => {
      process.stderr.write(`[bench] load client failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
});
