import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SESSION_COOKIE } from '../http/plugins/auth.ts';

/**
 * The mixed load of QUALITY.md ("80 % reads, 20 % writes"), driven with autocannon from a process of its own
 * against a running server on loopback. Every connection is a signed-in client with its own session that
 * goes round the twenty requests of {@link ROUND}. Connections edit disjoint persons, so a 409 would be a
 * lost race in the server, not in the test. `/api/health` is measured in the same run with
 * the same number of connections, as the baseline.
 */

export interface LoadAccount {
  username: string;
  password: string;
}

export interface LoadOptions {
  baseUrl: string;
  /** the accounts clients sign in as, in turn (village and town staff: no second factor) */
  accounts: LoadAccount[];
  /** concurrent connections, each a client with a session of its own */
  connections: number;
  /** seconds of each measured phase */
  seconds: number;
  /** the assessment and dashboard year */
  year: number;
  /** written into every edit and service record of the run, so a test can find them */
  tag: string;
}

export interface PhaseStats {
  /** responses received */
  requests: number;
  /** responses per second */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** responses outside 2xx, connection errors and timeouts */
  errors: number;
  timeouts: number;
  /** `<request> <status>` → count, for every answer outside 2xx */
  failures: Record<string, number>;
  /** a few bodies of failed answers, to say why */
  samples: string[];
  /** answers whose body names SQLITE_BUSY / "database is locked" */
  busy: number;
  /** the mix's requests by kind: how many, and their latency as one client saw it */
  byRequest: Record<string, { count: number; p50Ms: number; p99Ms: number }>;
}

export interface LoadReport {
  connections: number;
  seconds: number;
  health: PhaseStats;
  mix: PhaseStats & {
    reads: number;
    writes: number;
    /** person edits answered 200 */
    edits: number;
    /** service records answered 201 */
    services: number;
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

interface Target {
  id: number;
  name: string;
  unitCode: string;
}

async function signIn(baseUrl: string, account: LoadAccount): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  const body = (await res.json()) as { csrfToken?: string; mfaPending?: boolean };
  const sid = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 200 || !sid || !body.csrfToken || body.mfaPending)
    throw new Error(`sign-in as ${account.username} failed: ${res.status} ${JSON.stringify(body)}`);
  return { cookie: sid, csrf: body.csrfToken };
}

/** Persons of the account's scope that belong to a household (an edit sends the household number back). */
async function personsOf(baseUrl: string, session: Session): Promise<Target[]> {
  const res = await fetch(`${baseUrl}/api/ledgers/labour?limit=200`, { headers: { cookie: session.cookie } });
  if (res.status !== 200) throw new Error(`ledger list answered ${res.status}: ${await res.text()}`);
  const page = (await res.json()) as {
    items: { id: number; name: string; unitCode: string; householdId: number | null }[];
  };
  return page.items
    .filter((p) => p.householdId !== null)
    .map(({ id, name, unitCode }) => ({ id, name, unitCode }));
}

class Recorder {
  latencies: number[] = [];
  requests = 0;
  non2xx = 0;
  /** connection errors, timeouts included (autocannon's count) */
  connectionErrors = 0;
  timeouts = 0;
  failures: Record<string, number> = {};
  samples: string[] = [];
  busy = 0;
  timings = new Map<string, number[]>();

  time(name: string, ms: number) {
    const list = this.timings.get(name) ?? this.timings.set(name, []).get(name)!;
    list.push(ms);
  }

  fail(name: string, status: number, body: string) {
    const key = `${name} ${status}`;
    this.failures[key] = (this.failures[key] ?? 0) + 1;
    if (/SQLITE_BUSY|database is locked/i.test(body)) this.busy++;
    if (this.samples.length < 10) this.samples.push(`${key}: ${body.slice(0, 300)}`);
  }

  /** `label` names the failures of a phase whose requests have no handler of their own */
  watch(instance: autocannon.Instance, label?: string) {
    instance.on('response', (_client, status, _bytes, ms) => {
      this.requests++;
      this.latencies.push(ms);
      if (status < 200 || status >= 300) {
        this.non2xx++;
        if (label) this.fail(label, status, '');
      }
    });
  }

  add(result: autocannon.Result) {
    this.connectionErrors += result.errors;
    this.timeouts += result.timeouts;
  }

  stats(seconds: number): PhaseStats {
    const sort = (list: number[]) => [...list].sort((a, b) => a - b);
    const at = (sorted: number[], p: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const sorted = sort(this.latencies);
    const byRequest = Object.fromEntries(
      [...this.timings].map(([name, list]) => {
        const s = sort(list);
        return [name, { count: s.length, p50Ms: round(at(s, 0.5)), p99Ms: round(at(s, 0.99)) }];
      }),
    );
    return {
      requests: this.requests,
      rps: Math.round(this.requests / seconds),
      p50Ms: round(at(sorted, 0.5)),
      p99Ms: round(at(sorted, 0.99)),
      maxMs: round(sorted.at(-1) ?? 0),
      errors: this.non2xx + this.connectionErrors,
      timeouts: this.timeouts,
      failures: this.failures,
      samples: this.samples,
      busy: this.busy,
      byRequest,
    };
  }
}

function run(opts: autocannon.Options, recorder: Recorder, label?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (e, result) => {
      if (e) return reject(e);
      recorder.add(result);
      resolve();
    });
    recorder.watch(instance, label);
  });
}

/**
 * One client's round of twenty requests, over persons of its own: sixteen reads (four ledger pages, four
 * searches, five persons by id, a scorecard, the dashboard, the work queue) and four writes (two edits of a
 * person just read, sent with its version, and two new service records). Pages that compute a unit's
 * whole picture come once a round, as a person at work opens them now and then.
 */
type Step =
  | { kind: 'ledger'; ledger: 'labour' | 'unemployed' | 'difficulty' | 'all' }
  | { kind: 'search' | 'person' | 'edit' | 'service'; who: number }
  | { kind: 'scorecard' | 'dashboard' | 'queue' };

const stepName = (step: Step) => (step.kind === 'ledger' ? `${step.ledger} ledger` : step.kind);

export const ROUND: readonly Step[] = [
  { kind: 'ledger', ledger: 'labour' },
  { kind: 'search', who: 0 },
  { kind: 'person', who: 0 },
  { kind: 'edit', who: 0 },
  { kind: 'person', who: 1 },
  { kind: 'ledger', ledger: 'unemployed' },
  { kind: 'search', who: 1 },
  { kind: 'scorecard' },
  { kind: 'person', who: 2 },
  { kind: 'service', who: 2 },
  { kind: 'ledger', ledger: 'all' },
  { kind: 'search', who: 2 },
  { kind: 'dashboard' },
  { kind: 'person', who: 3 },
  { kind: 'edit', who: 3 },
  { kind: 'ledger', ledger: 'difficulty' },
  { kind: 'queue' },
  { kind: 'person', who: 4 },
  { kind: 'search', who: 4 },
  { kind: 'service', who: 4 },
];
const PERSONS_PER_ROUND = 5;

function clientRequests(
  session: Session,
  mine: readonly Target[],
  o: LoadOptions,
  recorder: Recorder,
  counts: { reads: number; writes: number; edits: number; services: number },
): autocannon.Request[] {
  let round = -1;
  const person = (who: number) => mine[(round * PERSONS_PER_ROUND + who) % mine.length]!;
  /** what an edit sends back: the version and required fields of the person as last read */
  const read = new Map<number, { version: number; householdNumber: string; name: string }>();
  const headers = { cookie: session.cookie };
  const writeHeaders = { ...headers, 'content-type': 'application/json', 'x-csrf-token': session.csrf };
  const get = (name: string, path: () => string, onBody?: (body: string) => void): autocannon.Request => ({
    method: 'GET',
    headers,
    setupRequest: (req) => ({ ...req, path: path() }),
    onResponse: (status, body) => {
      if (status !== 200) return recorder.fail(name, status, body);
      counts.reads++;
      onBody?.(body);
    },
  });
  const requests = ROUND.map((step): autocannon.Request => {
    switch (step.kind) {
      case 'ledger':
        return get(`${step.ledger} ledger`, () => `/api/ledgers/${step.ledger}?limit=20`);
      case 'search':
        return get(
          'search',
          () => `/api/persons/search?q=${encodeURIComponent(person(step.who).name.slice(0, 1))}&limit=10`,
        );
      case 'person':
        return get(
          'person',
          () => `/api/persons/${person(step.who).id}`,
          (body) => {
            const p = JSON.parse(body) as {
              id: number;
              version: number;
              name: string;
              household: { number: string } | null;
            };
            if (p.household)
              read.set(p.id, { version: p.version, householdNumber: p.household.number, name: p.name });
          },
        );
      case 'edit':
        return {
          method: 'POST',
          headers: writeHeaders,
          // without the person just read there is nothing to edit: a falsy request starts the next round
          setupRequest: (req) => {
            const p = person(step.who);
            const last = read.get(p.id);
            read.delete(p.id);
            return (
              last
                ? {
                    ...req,
                    path: `/api/persons/${p.id}`,
                    body: JSON.stringify({ ...last, note: `${o.tag} ${round}` }),
                  }
                : null
            ) as autocannon.Request;
          },
          onResponse: (status, body) => {
            if (status !== 200) return recorder.fail('edit person', status, body);
            counts.writes++;
            counts.edits++;
          },
        };
      case 'service':
        return {
          method: 'POST',
          headers: writeHeaders,
          setupRequest: (req) => ({
            ...req,
            path: `/api/persons/${person(step.who).id}/services`,
            body: JSON.stringify({ type: '电话联系', content: `${o.tag} ${round}` }),
          }),
          onResponse: (status, body) => {
            if (status !== 201) return recorder.fail('add service', status, body);
            counts.writes++;
            counts.services++;
          },
        };
      case 'scorecard':
        return get('scorecard', () => `/api/assessments/${person(0).unitCode}/${o.year}/scorecard`);
      case 'dashboard':
        return get('dashboard', () => `/api/dashboard/overview?year=${o.year}`);
      case 'queue':
        return get('work queue', () => '/api/work-queues');
    }
  });
  // how long each kind of request takes: one connection sends one request at a time, so from the moment the
  // next request is built to its answer
  let sentAt = 0;
  requests.forEach((r, i) => {
    const setup = r.setupRequest as (req: autocannon.Request, context: object) => autocannon.Request;
    const onResponse = r.onResponse as (status: number, body: string, context: object) => void;
    r.setupRequest = (req, context) => {
      sentAt = performance.now();
      return setup(req, context);
    };
    r.onResponse = (status, body, context) => {
      recorder.time(stepName(ROUND[i]!), performance.now() - sentAt);
      onResponse(status, body, context);
    };
  });
  // each round starts with its first request: move on to the next persons
  const first = requests[0]!;
  const setupFirst = first.setupRequest as (req: autocannon.Request, context: object) => autocannon.Request;
  first.setupRequest = (req, context) => {
    round++;
    read.clear();
    return setupFirst(req, context);
  };
  return requests;
}

/** Signs every client in, gives each its own persons, then measures `/api/health` and the mix. */
export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const sessions: Session[] = [];
  for (let c = 0; c < o.connections; c++)
    sessions.push(await signIn(o.baseUrl, o.accounts[c % o.accounts.length]!));
  // each client edits persons no other client touches: dealt out one at a time, as cards
  const lists = new Map<string, Target[]>();
  for (let c = 0; c < o.connections; c++) {
    const account = o.accounts[c % o.accounts.length]!.username;
    if (!lists.has(account)) lists.set(account, await personsOf(o.baseUrl, sessions[c]!));
  }
  const claimed = new Set<number>();
  const targets: Target[][] = sessions.map(() => []);
  for (let turn = 0; turn < 4 * PERSONS_PER_ROUND; turn++)
    targets.forEach((mine, c) => {
      const next = lists.get(o.accounts[c % o.accounts.length]!.username)!.find((p) => !claimed.has(p.id));
      if (!next) return;
      claimed.add(next.id);
      mine.push(next);
    });
  targets.forEach((mine, c) => {
    if (mine.length < PERSONS_PER_ROUND)
      throw new Error(`not enough persons for client ${c}: ${mine.length}`);
  });

  const health = new Recorder();
  await run(
    { url: `${o.baseUrl}/api/health`, connections: o.connections, duration: o.seconds },
    health,
    'health',
  );

  const mixPhase = async (seconds: number) => {
    const recorder = new Recorder();
    const counts = { reads: 0, writes: 0, edits: 0, services: 0 };
    await Promise.all(
      sessions.map((s, c) =>
        run(
          {
            url: o.baseUrl,
            connections: 1,
            duration: seconds,
            requests: clientRequests(s, targets[c]!, o, recorder, counts),
          },
          recorder,
        ),
      ),
    );
    return { recorder, counts };
  };
  // a short warm-up (the JIT, the page cache); its failures count all the same
  const warm = await mixPhase(Math.min(3, o.seconds));
  const mix = await mixPhase(o.seconds);
  const stats = mix.recorder.stats(o.seconds);
  const warmStats = warm.recorder.stats(Math.min(3, o.seconds));
  for (const [k, v] of Object.entries(warmStats.failures))
    stats.failures[`warm-up ${k}`] = (stats.failures[`warm-up ${k}`] ?? 0) + v;
  return {
    connections: o.connections,
    seconds: o.seconds,
    health: health.stats(o.seconds),
    mix: {
      ...stats,
      errors: stats.errors + warmStats.errors,
      busy: stats.busy + warmStats.busy,
      samples: [...warmStats.samples, ...stats.samples].slice(0, 10),
      reads: mix.counts.reads,
      writes: mix.counts.writes,
      edits: mix.counts.edits + warm.counts.edits,
      services: mix.counts.services + warm.counts.services,
    },
  };
}

const SELF = fileURLToPath(import.meta.url);

/**
 * Runs {@link runLoad} in a child process (`node --import tsx`), so the load comes from a second process on
 * loopback and the client's work does not share the server's event loop.
 */
export function runLoadFromSecondProcess(o: LoadOptions): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, JSON.stringify(o)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load client exited ${code}:\n${err}`));
      try {
        resolve(JSON.parse(out) as LoadReport);
      } catch {
        reject(new Error(`load client printed no report:\n${out}\n${err}`));
      }
    });
  });
}

if (process.argv[1] === SELF) {
  const report = await runLoad(JSON.parse(process.argv[2]!) as LoadOptions);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
