import type { Insertable } from 'kysely';
import { pinyin } from 'pinyin-pro';
import { fromDayNumber, toDayNumber } from '../../domain/dates.ts';
import type { EmploymentForm, ServiceType } from '../../domain/facts.ts';
import { makeIdNumber, maskIdNumber } from '../../domain/id-number.ts';
// The domain's seedable PRNG (mulberry32): synthetic residents are test data too.
import { makeRandom } from '../../domain/test-factories.ts';
import type { Database, UnitRow } from '../db/database.ts';
import { BULK_LOAD_ROWS, refreshPlannerStatistics } from '../db/statistics.ts';
import { countPersons } from '../repositories/register.repository.ts';
import {
  insertHouseholdsReturningIds,
  insertMany,
  insertPersonsReturningIds,
} from '../repositories/synthetic.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { isAssessedUnit } from './assessment.service.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, isoNow, type ServiceContext } from './context.ts';
import { registerChanged } from './unit-result.service.ts';

/**
 * A synthetic district register, deterministic by seed, at realistic rates (QUALITY.md "Scale and speed"):
 * ~82 % of residents of working age, ~2 % of those registered unemployed (a few thousand at 250 k), most of
 * them placed during the year, some 就业困难人员, poverty-register labourers and a few 零就业家庭, and 0.4–1.5
 * service records per person-year. For demos (`seed-demo`) and benchmarks; never for real data.
 * Each unit is written in one transaction, in statements as large as the engines allow, with its audit record.
 */

export interface SyntheticOptions {
  persons: number;
  seed: number;
  /** the creation year the services and registrations fall in (dates run to `year`-12-10) */
  year: number;
  /** last day any record may carry (default `year`-12-10); a demo seeded mid-year passes today */
  until?: string;
  onProgress?: (p: { unitsDone: number; unitsTotal: number; persons: number }) => void;
}

export interface SyntheticReport {
  units: number;
  persons: number;
  households: number;
  spells: number;
  registrations: number;
  recognitions: number;
  zeroEmploymentHouseholds: number;
  services: number;
  unitRecords: number;
  vacancies: number;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文洪'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬斌鹏辉建国志强海燕春梅秋菊冬梅阿明水生金凤银花福来德华文龙小红丽娟俊杰婷婷思远雅琴家豪嘉怡子涵浩然欣怡宇航梓萱晨曦'.split(
    '',
  );
const FORMS: readonly [EmploymentForm, number][] = [
  ['单位就业', 45],
  ['灵活就业', 20],
  ['外出务工', 20],
  ['务农', 10],
  ['自主创业', 5],
];
const GENERAL_SERVICES: readonly [ServiceType, number][] = [
  ['走访', 60],
  ['电话联系', 25],
  ['就业咨询', 10],
  ['政策补贴', 5],
];
const UNIT_RECORDS: readonly [string, number][] = [
  ['领导小组', 0.96],
  ['工作制度', 0.94],
  ['工作计划', 0.95],
  ['工作目标', 0.95],
  ['工作措施', 0.95],
  ['信息发布栏', 0.95],
  ['岗位信息', 0.9],
  ['培训动员', 0.9],
  ['招聘会动员', 0.9],
  ['创业鼓励', 0.85],
  ['援助活动', 0.9],
];

function weighted<T>(rnd: () => number, table: readonly [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return table[table.length - 1]![0];
}

/** Name pinyin ("zs zhangsan"), per character and cached: pinyin-pro on every name would dominate the run. */
const charPinyin = new Map<string, string>();
function namePinyinFast(name: string): string {
  let initials = '';
  let full = '';
  for (const ch of name) {
    let py = charPinyin.get(ch);
    if (py === undefined) {
      py = pinyin(ch, { toneType: 'none' })
        .toLowerCase()
        .replace(/[^a-z]/g, '');
      charPinyin.set(ch, py);
    }
    initials += py.slice(0, 1);
    full += py;
  }
  return `${initials} ${full}`;
}

interface History {
  spells: Omit<Insertable<Database['employment_spell']>, 'person_id'>[];
  registrations: Omit<Insertable<Database['unemployment_registration']>, 'person_id'>[];
  recognitions: Omit<Insertable<Database['difficulty_recognition']>, 'person_id'>[];
  services: Omit<Insertable<Database['service_record']>, 'person_id'>[];
}

/**
 * Fills the register of every active village-level unit with `persons` residents. Refuses a database that
 * already holds residents (a second run would collide with the first's ID numbers).
 */
/** Whether the register holds anyone (the generator only fills an empty one). */
export async function registerHasPersons(ctx: ServiceContext): Promise<boolean> {
  return (await countPersons(ctx.db, { units: null })) > 0;
}

export async function generateSyntheticDistrict(
  ctx: ServiceContext,
  opts: SyntheticOptions,
): Promise<SyntheticReport> {
  if (!Number.isInteger(opts.persons) || opts.persons < 0)
    throw new AppError('VALIDATION', '人数应为非负整数');
  if (await registerHasPersons(ctx))
    throw new AppError('CONFLICT', '数据库中已有居民数据，不能再生成模拟数据');
  const units = (await findUnits(ctx.db)).filter(isAssessedUnit);
  if (units.length === 0) throw new AppError('CONFLICT', '没有村（社区）单位，请先载入区划');
  const rnd = makeRandom(opts.seed);
  const Y = opts.year;
  const yearStart = toDayNumber(`${Y}-01-01`);
  const dataEnd = toDayNumber(opts.until && opts.until < `${Y}-12-10` ? opts.until : `${Y}-12-10`);
  const capped = (monthDay: string) => Math.min(toDayNumber(`${Y}-${monthDay}`), dataEnd);
  const day = (n: number) => fromDayNumber(Math.round(n));
  const between = (a: number, b: number) => a + Math.floor(rnd() * Math.max(1, b - a + 1));
  const now = isoNow(ctx);

  // Residents per unit: uneven, like real villages (0.6×–1.4× the mean).
  const weights = units.map(() => 0.6 + rnd() * 0.8);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const sizes = weights.map((w) => Math.floor((opts.persons * w) / weightSum));
  sizes[0]! += opts.persons - sizes.reduce((s, n) => s + n, 0);

  const report: SyntheticReport = {
    units: units.length,
    persons: 0,
    households: 0,
    spells: 0,
    registrations: 0,
    recognitions: 0,
    zeroEmploymentHouseholds: 0,
    services: 0,
    unitRecords: 0,
    vacancies: 0,
  };
  // (birth date, sex) → next sequence number: keeps every ID number unique across the district.
  const sequences = new Map<string, number>();
  const areas = ['350505', '350521', '350583', '350502', '350504'];
  const idFor = (birth: string, sex: 'M' | 'F'): string => {
    const key = `${birth}${sex}`;
    const k = sequences.get(key) ?? 0;
    sequences.set(key, k + 1);
    const area = areas[Math.floor(k / 500) % areas.length]!;
    const seq = (k % 500) * 2 + (sex === 'M' ? 1 : 0);
    return makeIdNumber(area, birth, seq);
  };

  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    const built = buildUnit(unit, sizes[u]!);
    await ctx.db.transaction().execute(async (trx) => {
      const householdIds = await insertHouseholdsReturningIds(trx, built.households);
      const personRows = built.persons.map((p) => ({
        ...p.row,
        household_id: householdIds.get(`${unit.code}|${p.household}`) ?? null,
      }));
      const personIds = await insertPersonsReturningIds(trx, personRows);
      const idOf = (i: number) => personIds.get(built.persons[i]!.row.id_hmac)!;
      const attach = <T extends object>(pick: (h: History) => T[]) =>
        built.persons.flatMap((p, i) => pick(p.history).map((r) => ({ ...r, person_id: idOf(i) })));
      await insertMany(
        trx,
        'employment_spell',
        attach((h) => h.spells),
      );
      await insertMany(
        trx,
        'unemployment_registration',
        attach((h) => h.registrations),
      );
      await insertMany(
        trx,
        'difficulty_recognition',
        attach((h) => h.recognitions),
      );
      await insertMany(
        trx,
        'service_record',
        attach((h) => h.services),
      );
      await insertMany(trx, 'unit_record', built.unitRecords);
      await insertMany(trx, 'vacancy', built.vacancies);
      await insertMany(
        trx,
        'zero_employment_recognition',
        built.zero.map((z) => ({
          household_id: householdIds.get(`${unit.code}|${z.household}`)!,
          recognized_on: z.recognized,
          note: '模拟数据',
          created_at: now,
        })),
      );
      // a server already running over this database reads these units again
      await registerChanged(trx, ctx, [unit.code]);
      await recordAudit(trx, ctx, {
        action: 'synthetic.generate',
        objectType: 'unit',
        objectId: unit.code,
        actorName: 'system',
        detail: { persons: built.persons.length, seed: opts.seed },
      });
    });
    report.persons += built.persons.length;
    report.households += built.households.length;
    report.zeroEmploymentHouseholds += built.zero.length;
    report.unitRecords += built.unitRecords.length;
    report.vacancies += built.vacancies.length;
    for (const p of built.persons) {
      report.spells += p.history.spells.length;
      report.registrations += p.history.registrations.length;
      report.recognitions += p.history.recognitions.length;
      report.services += p.history.services.length;
    }
    opts.onProgress?.({ unitsDone: u + 1, unitsTotal: units.length, persons: report.persons });
  }
  if (report.persons >= BULK_LOAD_ROWS) await refreshPlannerStatistics(ctx.db);
  return report;

  /** Rows of one unit, drawn from the shared PRNG (so the whole district depends on the seed only). */
  function buildUnit(unit: UnitRow, count: number) {
    const urban = unit.kind === 'community';
    // Some units keep their ledgers meticulously, others miss a visit or a deadline here and there.
    const diligent = rnd() < 0.55;
    const persons: {
      row: Insertable<Database['person']> & { id_hmac: string };
      household: string;
      history: History;
    }[] = [];
    const households: Insertable<Database['household']>[] = [];
    const zero: { household: string; recognized: string }[] = [];
    const service = (
      type: ServiceType,
      date: number,
      extra: Partial<History['services'][number]> = {},
    ): History['services'][number] => ({
      unit_code: unit.code,
      type,
      date: day(date),
      mode: type === '电话联系' ? '电话' : type === '走访' ? '上门' : '到站',
      request_item: null,
      fulfilled_on: null,
      employer_post: null,
      result: null,
      staff: '协理员',
      content: null,
      created_by: null,
      created_at: now,
      ...extra,
    });

    let h = 0;
    while (persons.length < count) {
      h++;
      const number = String(h).padStart(4, '0');
      households.push({
        unit_code: unit.code,
        number,
        address: `${unit.name}${h}号`,
        has_business_income: rnd() < 0.05 ? 1 : 0,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      const isZero = rnd() < 0.0015 && count - persons.length >= 3;
      const size = isZero ? 3 : Math.min(count - persons.length, 1 + Math.floor(rnd() * 5));
      const surname = SURNAMES[Math.floor(rnd() * SURNAMES.length)]!;
      const zeroRecognized = isZero ? between(yearStart + 10, capped('09-30')) : 0;
      const zeroEliminates = isZero && rnd() < 0.85;
      if (isZero) zero.push({ household: number, recognized: day(zeroRecognized) });
      for (let m = 0; m < size; m++) {
        const sex: 'M' | 'F' = rnd() < 0.5 ? 'M' : 'F';
        // Ages: 8 % children, 82 % working age, 10 % older; zero-employment members all of working age.
        const r = rnd();
        const age = isZero
          ? 25 + Math.floor(rnd() * 25)
          : r < 0.08
            ? Math.floor(rnd() * 16)
            : r < 0.9
              ? 16 + Math.floor(rnd() * 44)
              : 60 + Math.floor(rnd() * 25);
        const birthDay = dataEnd - age * 365.25 - Math.floor(rnd() * 365);
        const birth = day(birthDay);
        const idNumber = idFor(birth, sex);
        const hmac = ctx.pii.blindIndex(idNumber);
        const name =
          surname +
          (rnd() < 0.5
            ? GIVEN[Math.floor(rnd() * GIVEN.length)]!
            : GIVEN[Math.floor(rnd() * GIVEN.length)]! + GIVEN[Math.floor(rnd() * GIVEN.length)]!);
        const working = age >= 16 && (sex === 'M' ? age < 60 : age < 55);
        const student = age >= 16 && age <= 22 && !isZero && rnd() < 0.5;
        const pension = !working && age >= 55 && rnd() < 0.7;
        const ability = rnd() < 0.95 || isZero ? 'full' : rnd() < 0.6 ? 'partial' : 'none';
        const willing = rnd() < 0.9 || isZero;
        const poverty = working && rnd() < 0.012;
        const history: History = { spells: [], registrations: [], recognitions: [], services: [] };
        const labour = working && !student && ability !== 'none';

        if (isZero) {
          if (m === 0) {
            const approved = zeroRecognized - between(30, 200);
            history.registrations.push({
              approved_on: day(approved),
              closed_on: null,
              close_reason: null,
              created_at: now,
            });
            history.services.push(
              service('走访', Math.min(dataEnd, zeroRecognized + 3)),
              service('推荐就业', Math.min(dataEnd, zeroRecognized + 10)),
            );
            if (zeroEliminates) {
              const start = Math.min(dataEnd, zeroRecognized + between(5, 80));
              history.spells.push({
                form: '单位就业',
                employer: '泉港石化园区企业',
                start_date: day(start),
                end_date: null,
                created_at: now,
              });
              history.registrations[0]!.closed_on = day(start);
              history.registrations[0]!.close_reason = '就业';
            }
          }
        } else if (labour && willing && rnd() < 0.02) {
          // 登记失业人员: registered this year or late last year; most placed during the year.
          // Careless units carry registrations over from last year (some become long-term unemployed).
          const approved = between(diligent ? yearStart : yearStart - 200, capped('10-31'));
          const reg: History['registrations'][number] = {
            approved_on: day(approved),
            closed_on: null,
            close_reason: null,
            created_at: now,
          };
          const placed = rnd() < (diligent ? 0.9 : 0.8);
          const start = Math.min(approved + between(15, 150), dataEnd - between(0, 10));
          if (placed && start > approved) {
            const form = weighted(
              rnd,
              FORMS.filter(([f]) => f !== '务农'),
            );
            history.spells.push({
              form,
              employer: form === '单位就业' ? '本地企业' : null,
              start_date: day(start),
              end_date: null,
              created_at: now,
            });
            reg.closed_on = day(start);
            reg.close_reason = '就业';
          }
          history.registrations.push(reg);
          const openUntil = reg.closed_on ? toDayNumber(reg.closed_on) - 1 : dataEnd;
          const from = Math.max(approved, yearStart);
          if (openUntil >= from) {
            if (diligent || rnd() < 0.97) history.services.push(service('走访', between(from, openUntil)));
            const recommendations = diligent || rnd() < 0.9 ? 2 : 1;
            for (let k = 0; k < recommendations; k++)
              history.services.push(
                service('推荐就业', between(approved, Math.max(approved, openUntil)), {
                  employer_post: '普工',
                  result: '已推荐',
                }),
              );
            if (rnd() < 0.6) history.services.push(service('职业指导', between(from, openUntil)));
            if (rnd() < 0.3) history.services.push(service('招聘会', between(from, openUntil)));
            if (rnd() < 0.2) history.services.push(service('职业培训', between(from, openUntil)));
            if (rnd() < 0.1) {
              const asked = between(from, openUntil);
              const fulfilled = asked + between(1, diligent ? 25 : 40);
              history.services.push(
                service('服务申请', asked, {
                  request_item: '职业培训',
                  fulfilled_on: fulfilled <= dataEnd ? day(fulfilled) : null,
                }),
              );
            }
          }
          // 就业困难人员: about a third of the registered, recognised soon after registration.
          if (rnd() < 0.3) {
            const recognized = Math.min(dataEnd, approved + between(5, 30));
            const categories =
              (sex === 'F' ? age >= 40 : age >= 50) && urban
                ? '4050'
                : poverty
                  ? '建档立卡贫困劳动力'
                  : urban
                    ? '城镇低保'
                    : '农村低保';
            history.recognitions.push({
              categories,
              recognized_on: day(recognized),
              exited_on: null,
              exit_reason: null,
              created_at: now,
            });
            // 再就业援助行动: the services a recognised person is offered while still unemployed.
            const helpUntil = reg.closed_on ? toDayNumber(reg.closed_on) - 1 : dataEnd;
            for (const type of ['就业咨询', '职业指导', '招聘会', '职业培训'] as const) {
              if (helpUntil > recognized && rnd() < (diligent ? 0.7 : 0.3))
                history.services.push(service(type, between(Math.max(recognized, yearStart), helpUntil)));
            }
            for (let q = 0; q < 4; q++) {
              const qs = toDayNumber(`${Y}-${String(q * 3 + 1).padStart(2, '0')}-01`);
              const qe = Math.min(dataEnd, qs + 89);
              if (qe >= recognized && (diligent || rnd() < 0.96))
                history.services.push(service('电话联系', between(Math.max(qs, recognized), qe)));
            }
          }
        } else if (labour && rnd() < 0.8) {
          const start = Math.max(birthDay + 18 * 365, yearStart - between(30, 8000));
          history.spells.push({
            form: weighted(rnd, FORMS),
            employer: null,
            start_date: day(Math.min(start, dataEnd)),
            end_date: null,
            created_at: now,
          });
        }
        // Everyday contacts: on average ~0.7 records per resident and year.
        const contacts = rnd() < 0.5 ? 0 : rnd() < 0.6 ? 1 : 2;
        for (let k = 0; k < contacts; k++)
          history.services.push(service(weighted(rnd, GENERAL_SERVICES), between(yearStart, dataEnd)));

        persons.push({
          household: number,
          history,
          row: {
            unit_code: unit.code,
            household_id: null,
            relation: m === 0 ? '户主' : m === 1 ? '配偶' : '子女',
            name,
            name_pinyin: namePinyinFast(name),
            id_enc: ctx.pii.encrypt(idNumber),
            id_hmac: hmac,
            id_masked: maskIdNumber(idNumber),
            sex,
            birth_date: birth,
            phone_enc: null,
            phone_hmac: null,
            phone_masked: null,
            hukou: urban ? (rnd() < 0.7 ? '非农业' : '居民') : rnd() < 0.9 ? '农业' : '非农业',
            education: null,
            ability,
            willing: willing ? 1 : 0,
            student: student ? 1 : 0,
            soldier: 0,
            pension_since: pension ? day(birthDay + 60 * 365.25) : null,
            female_worker: 0,
            poverty_register: poverty ? 1 : 0,
            poverty_status: poverty ? (rnd() < 0.7 ? '已脱贫' : '未脱贫') : null,
            dibao: null,
            disability_enc: null,
            skills: null,
            wanted_trades: null,
            note: null,
            flags: 0,
            flags_on: '0000-00-00',
            created_at: now,
            updated_at: now,
            version: 1,
          },
        });
      }
    }

    const unitRecords: Insertable<Database['unit_record']>[] = [];
    for (const [type, p] of UNIT_RECORDS) {
      if (rnd() < p)
        unitRecords.push({
          unit_code: unit.code,
          type,
          date: day(between(yearStart, capped('11-30'))),
          ledger_class: null,
          participants: type.endsWith('动员') ? between(10, 80) : null,
          note: null,
          created_by: null,
          created_at: now,
        });
    }
    // 岗位信息 collected from local employers: 0–4 postings a year.
    const vacancies: Insertable<Database['vacancy']>[] = [];
    for (let k = Math.floor(rnd() * 5); k > 0; k--) {
      vacancies.push({
        unit_code: unit.code,
        employer: `${unit.name}周边企业${k}`,
        post: weighted(rnd, [
          ['普工', 4],
          ['保洁', 1],
          ['仓管', 1],
          ['操作工', 2],
        ] as const),
        headcount: between(1, 20),
        pay_text: '面议',
        collected_on: day(between(yearStart, toDayNumber(`${Y}-11-30`))),
        source: '走访企业',
        created_at: now,
        updated_at: now,
        version: 1,
      });
    }
    return { persons, households, zero, unitRecords, vacancies };
  }
}
