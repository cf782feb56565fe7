import { performance } from 'node:perf_hooks';
import type { DialectName } from '../src/server/db/connect.ts';
import { getScorecard } from '../src/server/services/assessment-scorecard.service.ts';
import { runAssessment } from '../src/server/services/assessment.service.ts';
import { actorFromUser } from '../src/server/services/auth.service.ts';
import type { ServiceContext } from '../src/server/services/context.ts';
import { getPersonDetail, updatePerson } from '../src/server/services/person.service.ts';
import { createUser } from '../src/server/services/user.service.ts';
import { createBenchDb, log, round, seedDistrict } from './setup.ts';

export interface EditBenchOptions {
  dialect: DialectName;
  persons: number;
  seed: number;
  year: number;
  /** edits measured; the median counts */
  repeat: number;
}

/** Target: one unit's score after one edit, at any scale. */
const TARGET_MS = 50;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * One edit to one person, then that unit's score as the app serves it after the edit: the scorecard page's live
 * result (`getScorecard`, what GET /api/assessments/:unit/:year/scorecard runs; register edits do not rewrite the
 * dashboards' `unit_result` row, the scorecard is where a fix shows at once). Baseline, in the same run: the
 * unit's score computed from scratch (`assess --unit`). The largest unit of the district is edited by its own
 * village worker, through the service the HTTP edit calls (`updatePerson`, which refreshes the unit's ledger
 * flags in its transaction).
 */
export async function benchEdit(o: EditBenchOptions): Promise<object[]> {
  const b = await createBenchDb(o.dialect);
  try {
    const report = await seedDistrict(b, o);
    const db = b.handle.db;
    const largest = await db
      .selectFrom('person')
      .select((eb) => ['unit_code', eb.fn.countAll<number>().as('n')])
      .groupBy('unit_code')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const unit = largest.unit_code;
    const user = await createUser(b.ctx, {
      username: 'cunwei',
      displayName: '村协理员',
      password: 'Jiuye@2026',
      role: 'village_staff',
      unitCode: unit,
      mustChangePassword: false,
    });
    const row = await db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const ctx: ServiceContext = { ...b.ctx, actor: await actorFromUser(db, row) };

    // A registered unemployed resident (registered on the evaluation date when the unit has one) whose
    // willingness to work the worker corrects, back and forth: the scorecard counts the able and willing.
    const registered = await db
      .selectFrom('person')
      .innerJoin('household', 'household.id', 'person.household_id')
      .innerJoin('unemployment_registration as r', 'r.person_id', 'person.id')
      .select(['person.id', 'person.name', 'household.number', 'r.closed_on'])
      .where('person.unit_code', '=', unit)
      .orderBy('person.id')
      .execute();
    const person =
      registered.find((p) => p.closed_on === null || p.closed_on > `${o.year}-12-10`) ?? registered[0];
    if (!person) throw new Error(`unit ${unit} has no registered unemployed resident to edit`);

    // Baseline: the unit's score computed from scratch, every row of its register read (`assess --unit`).
    const full = () => runAssessment(ctx, { unit, year: o.year });
    await full(); // warm the caches and the JIT
    await getScorecard(ctx, unit, o.year);

    const runs = Math.max(3, o.repeat);
    const fullMs: number[] = [];
    const editMs: number[] = [];
    const scorecardMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      fullMs.push((await timed(full)).ms);
      const before = await getPersonDetail(ctx, person.id);
      const edit = await timed(() =>
        updatePerson(ctx, person.id, {
          householdNumber: person.number,
          name: person.name,
          willing: i % 2 === 0 ? '无' : '有',
          version: before.version,
        }),
      );
      editMs.push(edit.ms);
      const card = await timed(() => getScorecard(ctx, unit, o.year));
      scorecardMs.push(card.ms);
      log(
        `  edit ${i + 1}: full unit ${round(fullMs[i]!)} ms; edit ${round(edit.ms)} ms, then its scorecard ${round(card.ms)} ms`,
      );
    }
    const rescore = median(scorecardMs);
    return [
      {
        name: 'edit',
        dialect: o.dialect,
        persons: report.persons,
        unit,
        unitPersons: Number(largest.n),
        edits: runs,
        fullUnitMs: round(median(fullMs)),
        editMs: round(median(editMs)),
        scorecardMs: round(median(scorecardMs)),
        ratio: Math.round((rescore / median(fullMs)) * 100) / 100,
        target: TARGET_MS,
        ok: rescore <= TARGET_MS,
      },
    ];
  } finally {
    await b.drop();
  }
}
