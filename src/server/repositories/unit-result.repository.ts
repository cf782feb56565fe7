import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database, NewUnitResult, UnitResultRow, UnitRow } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The stale stamp a rewritten row keeps: cleared when the computation began at or after the stamp (it read the
 * write that stamped the row), kept when it read the register before that write.
 */
function stampAfter(computedAt: RawBuilder<unknown>) {
  return sql<
    string | null
  >`case when unit_result.stale_since <= ${computedAt} then null else unit_result.stale_since end`;
}

/** Units without repeats, in key order: the order every multi-row write of a unit's rows takes them in. */
function inKeyOrder(unitCodes: readonly string[]): string[] {
  return [...new Set(unitCodes)].sort();
}

/** Writes (insert or replace) the results of one or more units; one statement per batch. */
export async function upsertUnitResults(db: Db, rows: readonly NewUnitResult[]): Promise<void> {
  // Kept well below both engines' bound-parameter limits (36 columns a row).
  for (let i = 0; i < rows.length; i += 200) {
    const batch = rows.slice(i, i + 200);
    await db
      .insertInto('unit_result')
      .values([...batch])
      .onConflict((oc) =>
        oc.columns(['unit_code', 'year']).doUpdateSet((eb) => {
          const cols = Object.keys(batch[0]!).filter(
            (c) => c !== 'unit_code' && c !== 'year' && c !== 'stale_since',
          ) as (keyof NewUnitResult)[];
          return {
            ...Object.fromEntries(cols.map((c) => [c, eb.ref(`excluded.${c}`)])),
            stale_since: stampAfter(sql.ref('excluded.computed_at')),
          };
        }),
      )
      .execute();
  }
}

/**
 * Rewrites the default profile's part of a stored live result computed outside a workflow step (the scorecard),
 * keeping the next level's columns as last computed. Nothing happens when the row does not exist yet, is a
 * frozen snapshot or was computed after this one began: a submission racing the view always wins.
 */
export async function updateLiveUnitResult(db: Db, row: NewUnitResult): Promise<void> {
  const {
    unit_code: unitCode,
    year,
    star_total: _total,
    star_passed: _passed,
    star_missing: _missing,
    ...patch
  } = row;
  await db
    .updateTable('unit_result')
    .set({
      ...patch,
      stale_since: stampAfter(sql.val(row.computed_at)),
    })
    .where('unit_code', '=', unitCode)
    .where('year', '=', year)
    .where('source', '!=', 'snapshot')
    .where('computed_at', '<=', row.computed_at)
    .execute();
}

/**
 * Stamps the live results of `unitCodes` (every year) out of date, in the transaction of a write to their
 * register; rows already stamped keep their first stamp.
 */
export async function markResultsStale(db: Db, unitCodes: readonly string[], at: string): Promise<void> {
  if (unitCodes.length === 0) return;
  await db
    .updateTable('unit_result')
    .set({ stale_since: at })
    // in key order, as every multi-row write of unit_result, so two of them never wait on each other
    .where('unit_code', 'in', inKeyOrder(unitCodes))
    .where('source', '=', 'live')
    .where('stale_since', 'is', null)
    .execute();
}

/** A unit's register revision and the token of its last raise (migration 045). */
export interface RegisterState {
  rev: number;
  token: string;
}

/**
 * Raises the register revision of each unit by one (a unit without a row starts at 1) under a new random token,
 * keeping the token it replaces. In key order, before the results are stamped: the order every register write
 * takes these rows in. Returns each unit's new state and the token it replaced.
 */
export async function bumpRegisterRevisions(
  db: Db,
  unitCodes: readonly string[],
): Promise<(RegisterState & { unitCode: string; prevToken: string })[]> {
  if (unitCodes.length === 0) return [];
  const rows = await db
    .insertInto('register_revision')
    .values(
      inKeyOrder(unitCodes).map((unit_code) => ({
        unit_code,
        rev: 1,
        token: randomBytes(12).toString('base64url'),
        prev_token: '',
      })),
    )
    // every SET reads the row as it was: prev_token takes the token being replaced
    .onConflict((oc) =>
      oc.column('unit_code').doUpdateSet({
        rev: sql`register_revision.rev + 1`,
        prev_token: sql`register_revision.token`,
        token: sql`excluded.token`,
      }),
    )
    .returning(['unit_code', 'rev', 'token', 'prev_token'])
    .execute();
  return rows.map((r) => ({
    unitCode: r.unit_code,
    rev: Number(r.rev),
    token: r.token,
    prevToken: r.prev_token,
  }));
}

/** The register state of each of `unitCodes` (revision 0 and no token for a unit never written). */
export async function findRegisterStates(
  db: Db,
  unitCodes: readonly string[],
): Promise<Map<string, RegisterState>> {
  const rows = unitCodes.length
    ? await db
        .selectFrom('register_revision')
        .select(['unit_code', 'rev', 'token'])
        .where('unit_code', 'in', [...unitCodes])
        .execute()
    : [];
  const states = new Map(unitCodes.map((u) => [u, { rev: 0, token: '' }]));
  for (const r of rows) states.set(r.unit_code, { rev: Number(r.rev), token: r.token });
  return states;
}

/** Results of a year for the given units (null: every unit), every column, not-assessed rows included. */
export function findUnitResults(
  db: Db,
  year: number,
  units: readonly string[] | null,
): Promise<UnitResultRow[]> {
  return db
    .selectFrom('unit_result')
    .selectAll()
    .where('year', '=', year)
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .orderBy('unit_code')
    .execute();
}

/** The columns the league reads of a result: scores, indicators and the workflow's totals. */
const SUMMARY_COLUMNS = [
  'unit_code',
  'town_code',
  'source',
  'total',
  'passed',
  'item_scores',
  'employment_num',
  'employment_den',
  'visit_num',
  'visit_den',
  'contact_num',
  'contact_den',
  'request_num',
  'request_den',
  'zero_num',
  'zero_den',
  'recommend_num',
  'recommend_den',
  'state',
  'self_total',
  'town_total',
  'district_total',
  'computed_at',
] as const;
export type UnitResultSummary = Pick<UnitResultRow, (typeof SUMMARY_COLUMNS)[number]>;

/**
 * The assessed results of a year (rows marked not assessed are left out) for the given units (null: every
 * unit): only the columns dashboards read, one indexed range of the year, in no particular order.
 */
export function findResultSummaries(
  db: Db,
  year: number,
  units: readonly string[] | null,
): Promise<UnitResultSummary[]> {
  return db
    .selectFrom('unit_result')
    .select(SUMMARY_COLUMNS)
    .where('year', '=', year)
    .where('source', '!=', 'none')
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .execute();
}

/**
 * The next level's result of a year for the units accepted (验收合格 or 已奖补) by then, among `units` (null:
 * every unit); assessed rows only.
 */
export function findStarResultsOfAccepted(db: Db, year: number, units: readonly string[] | null) {
  return db
    .selectFrom('unit_result')
    .select(['unit_code', 'star_total', 'star_passed', 'star_missing'])
    .where('year', '=', year)
    .where('source', '!=', 'none')
    .where('unit_code', 'in', (eb) =>
      eb
        .selectFrom('assessment')
        .select('assessment.unit_code')
        .where('assessment.state', 'in', ['accepted', 'awarded'])
        .where('assessment.year', '<=', year),
    )
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .execute();
}

/**
 * What the overview reads of each assessed result of a year: totals, item scores and the rules that cost points
 * (the indicators are summed by the database: `sumResultsByTown`).
 */
export function findResultScores(db: Db, year: number, units: readonly string[] | null) {
  return db
    .selectFrom('unit_result')
    .select(['unit_code', 'town_code', 'total', 'passed', 'item_scores', 'deductions'])
    .where('year', '=', year)
    .where('source', '!=', 'none')
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .execute();
}

const INDICATOR_PREFIXES = ['employment', 'visit', 'contact', 'request', 'zero', 'recommend'] as const;
type IndicatorPrefix = (typeof INDICATOR_PREFIXES)[number];
export type IndicatorTotals = Record<IndicatorPrefix, { numerator: number; denominator: number }>;

/** PostgreSQL answers sums of integers as text (bigint/numeric); SQLite as numbers. */
function indicatorTotals(row: Record<string, unknown>): IndicatorTotals {
  return Object.fromEntries(
    INDICATOR_PREFIXES.map((p) => [
      p,
      { numerator: Number(row[`${p}_num`] ?? 0), denominator: Number(row[`${p}_den`] ?? 0) },
    ]),
  ) as IndicatorTotals;
}

/**
 * Per town (as stamped on the rows) for one year: assessed units, the oldest computation and every indicator's
 * summed numerator and denominator, among `units` (null: every active unit).
 */
export async function sumResultsByTown(db: Db, year: number, units: readonly string[] | null) {
  const rows = await db
    .selectFrom('unit_result')
    .select((eb) => [
      'town_code',
      eb.fn.countAll<number>().as('units'),
      eb.fn.min('computed_at').as('computed_at'),
      ...INDICATOR_PREFIXES.flatMap((p) => [
        eb.fn.sum<number>(`${p}_num`).as(`${p}_num`),
        eb.fn.sum<number>(`${p}_den`).as(`${p}_den`),
      ]),
    ])
    .where('year', '=', year)
    .where('source', '!=', 'none')
    .$if(units !== null, (q) => q.where('unit_code', 'in', units!.length ? [...units!] : ['']))
    .$if(units === null, (q) =>
      q.where('unit_code', 'not in', (eb) =>
        eb.selectFrom('unit').select('unit.code').where('unit.active', '=', 0),
      ),
    )
    .groupBy('town_code')
    .execute();
  return rows.map((r) => ({
    townCode: r.town_code,
    units: Number(r.units),
    computedAt: r.computed_at as string | null,
    indicators: indicatorTotals(r as unknown as Record<string, unknown>),
  }));
}

/**
 * Per year from…to: how many units were assessed, their summed totals, how many passed, and every indicator's
 * summed numerator and denominator — aggregated by the database, so a trend never ships every row. `units`
 * null: every active unit (rows of units since merged away are left out, as on the other dashboards).
 */
export async function sumResultsByYear(
  db: Db,
  fromYear: number,
  toYear: number,
  units: readonly string[] | null,
) {
  const rows = await db
    .selectFrom('unit_result as r')
    .select((eb) => [
      'r.year',
      eb.fn.countAll<number>().as('units'),
      eb.fn.sum<number>('r.total').as('total'),
      eb.fn.sum<number>('r.passed').as('passed'),
      ...INDICATOR_PREFIXES.flatMap((p) => [
        eb.fn.sum<number>(`r.${p}_num`).as(`${p}_num`),
        eb.fn.sum<number>(`r.${p}_den`).as(`${p}_den`),
      ]),
    ])
    .where('r.year', '>=', fromYear)
    .where('r.year', '<=', toYear)
    .where('r.source', '!=', 'none')
    .$if(units !== null, (q) => q.where('r.unit_code', 'in', units!.length ? [...units!] : ['']))
    // (NOT IN a usually empty set: cheaper than joining every row to its unit)
    .$if(units === null, (q) =>
      q.where('r.unit_code', 'not in', (eb) =>
        eb.selectFrom('unit').select('unit.code').where('unit.active', '=', 0),
      ),
    )
    .groupBy('r.year')
    .orderBy('r.year')
    .execute();
  return rows.map((r) => ({
    year: Number(r.year),
    units: Number(r.units),
    total: Number(r.total ?? 0),
    passed: Number(r.passed ?? 0),
    indicators: indicatorTotals(r as unknown as Record<string, unknown>),
  }));
}

/**
 * Village-level units (active, of an assessed kind) whose result of `year` is missing, stamped stale by a
 * register write, or older than their assessment row (a write made outside the workflow service): one query,
 * two index lookups per unit.
 */
export async function findStaleResultUnits(
  db: Db,
  year: number,
  kinds: readonly UnitRow['kind'][],
  units: readonly string[] | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('unit as u')
    .leftJoin('unit_result as r', (j) => j.onRef('r.unit_code', '=', 'u.code').on('r.year', '=', year))
    .leftJoin('assessment as a', (j) => j.onRef('a.unit_code', '=', 'u.code').on('a.year', '=', year))
    .select('u.code')
    .where('u.level', '=', 3)
    .where('u.active', '=', 1)
    .where('u.kind', 'in', [...kinds])
    .$if(units !== null, (q) => q.where('u.code', 'in', units!.length ? [...units!] : ['']))
    .where((eb) =>
      eb.or([
        eb('r.unit_code', 'is', null),
        eb('r.stale_since', 'is not', null),
        eb.and([eb('a.updated_at', 'is not', null), eb('a.updated_at', '>', eb.ref('r.computed_at'))]),
      ]),
    )
    .orderBy('u.code')
    .execute();
  return rows.map((r) => r.code);
}

/**
 * Of `units`, those whose register held at least one person entered on or before `cutoff` (an ISO instant):
 * a past year is scored from the register only where the register had data by then.
 */
export async function findUnitsWithPersonsBefore(
  db: Db,
  units: readonly string[],
  cutoff: string,
): Promise<Set<string>> {
  if (units.length === 0) return new Set();
  const rows = await db
    .selectFrom('person')
    .select('unit_code')
    .distinct()
    .where('unit_code', 'in', [...units])
    .where('created_at', '<', cutoff)
    .execute();
  return new Set(rows.map((r) => r.unit_code));
}

/** Assessments that ended, accepted (验收合格, awarded or not) or rejected (不合格), up to a year: with the units, all coverage needs. */
export function findAssessmentOutcomes(db: Db, toYear: number) {
  return db
    .selectFrom('assessment')
    .select(['unit_code', 'year', 'state'])
    .where('state', 'in', ['accepted', 'awarded', 'rejected'])
    .where('year', '<=', toYear)
    .orderBy('year')
    .execute();
}

/** Awards approved or proposed, with their year and amount. */
export function findAwardTotals(db: Db) {
  return db
    .selectFrom('assessment_award')
    .select(['unit_code', 'year', 'amount_fen', 'approved_by'])
    .execute();
}

export async function deleteUnitResults(db: Db, year: number): Promise<void> {
  await db.deleteFrom('unit_result').where('year', '=', year).execute();
}

/** How many assessments exist for the years fromYear…toYear (demo history refuses to write over them). */
export async function countAssessmentsBetween(db: Db, fromYear: number, toYear: number): Promise<number> {
  const row = await db
    .selectFrom('assessment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '>=', fromYear)
    .where('year', '<=', toYear)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
