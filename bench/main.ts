import { benchAssess } from './assess.bench.ts';
import { benchDashboard } from './dashboard.bench.ts';
import { benchEdit } from './edit.bench.ts';
import { benchImport } from './import.bench.ts';
import { benchLoad } from './load.bench.ts';
import { benchRegistry } from './registry.bench.ts';
import { log, pgAdminUrl } from './setup.ts';

/**
 * `npm run bench [-- <name…>] [--persons N] [--seed S] [--year Y] [--repeat R] [--requests Q] [--units U]
 * [--pg-only]` — JSON results on stdout (one array), progress on stderr. SQLite always; PostgreSQL too when
 * JIUYE_BENCH_PG is set (a URL, or 1 for the local server); `--pg-only` skips SQLite. `--units` grows the
 * district's 105 village-level units to U over Quanzhou's other counties (the city scale of QUALITY.md:
 * `assess --units 2573 --persons 5000000 --pg-only`). Exit code 1 when a target is missed.
 */
const BENCHES = ['assess', 'import', 'registry', 'load', 'dashboard', 'edit'] as const;

function parseArgs(argv: string[]) {
  const opts = {
    persons: 250_000,
    seed: 1,
    year: 2016,
    repeat: 3,
    requests: 50,
    units: undefined as number | undefined,
    pgOnly: false,
    names: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} 应为非负整数`);
      return v;
    };
    if (a === '--persons') opts.persons = num(a);
    else if (a === '--seed') opts.seed = num(a);
    else if (a === '--year') opts.year = num(a);
    else if (a === '--repeat') opts.repeat = Math.max(1, num(a));
    else if (a === '--requests') opts.requests = Math.max(1, num(a));
    else if (a === '--units') opts.units = num(a);
    else if (a === '--pg-only') opts.pgOnly = true;
    else if ((BENCHES as readonly string[]).includes(a)) opts.names.push(a);
    else
      throw new Error(
        `未知参数：${a}（可用：${BENCHES.join(' ')} --persons --seed --year --repeat --requests --units --pg-only）`,
      );
  }
  if (opts.names.length === 0) opts.names = [...BENCHES];
  return opts;
}

try {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.pgOnly && !pgAdminUrl()) throw new Error('--pg-only 需要设置 JIUYE_BENCH_PG');
  const dialects = pgAdminUrl()
    ? opts.pgOnly
      ? (['postgres'] as const)
      : (['sqlite', 'postgres'] as const)
    : (['sqlite'] as const);
  const results: object[] = [];
  for (const dialect of dialects) {
    if (opts.names.includes('assess')) results.push(...(await benchAssess({ dialect, ...opts })));
    if (opts.names.includes('import')) results.push(...(await benchImport({ dialect, ...opts })));
    if (opts.names.includes('dashboard')) results.push(...(await benchDashboard({ dialect, ...opts })));
    if (opts.names.includes('registry')) results.push(...(await benchRegistry({ dialect, ...opts })));
    if (opts.names.includes('load')) results.push(...(await benchLoad({ dialect, ...opts })));
    if (opts.names.includes('edit')) results.push(...(await benchEdit({ dialect, ...opts })));
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  const failed = results.filter((r) => (r as { ok?: boolean }).ok === false);
  if (failed.length)
    log(
      `targets missed: ${failed.map((r) => `${(r as { name: string }).name}/${(r as { dialect: string }).dialect}`).join(', ')}`,
    );
  process.exit(failed.length ? 1 : 0);
} catch (e) {
  log(`失败：${(e as Error).stack ?? String(e)}`);
  process.exit(2);
}
