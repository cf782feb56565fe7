/**
 * Test factories: every domain test builds its facts through these, naming only what the test is about.
 * Defaults describe an ordinary resident of 柳厝村 (a village): a 36-year-old man, able and willing to work,
 * not employed, no registration, no service. Ids come from one counter so evidence ids never collide.
 */

import type {
  DifficultyCategory,
  DifficultyRecognition,
  EmploymentForm,
  EmploymentSpell,
  HouseholdFacts,
  IsoDate,
  PersonFacts,
  RegistrationCloseReason,
  RequestItem,
  ServiceRecord,
  ServiceType,
  UnemploymentRegistration,
  UnitFacts,
  UnitRecord,
  UnitRecordType,
  VacancyFacts,
  ZeroEmploymentRecognition,
} from './facts.ts';
import { addDays, quarterStart } from './dates.ts';
import { getProfile, type StandardProfile } from './profile.ts';
import { buildScoringContext, type AssessmentOptions, type ScoringContext } from './scoring/context.ts';

export const TEST_UNIT_CODE = '350505100201';

let nextId = 1;
/** A fresh id, unique within the test run. */
export function newId(): number {
  return nextId++;
}

/** Deterministic PRNG (mulberry32) so property-style tests are reproducible. Returns floats in [0, 1). */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A person; everything not named takes the default described in the module comment. */
export function makePerson(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    id: newId(),
    name: '张三',
    unitCode: TEST_UNIT_CODE,
    householdId: null,
    sex: 'M',
    birthDate: '1980-05-01',
    hukou: '农业',
    ability: 'full',
    willing: true,
    student: false,
    soldier: false,
    pensionSince: null,
    femaleWorker: false,
    povertyRegister: false,
    povertyStatus: null,
    employment: [],
    registrations: [],
    difficulty: [],
    services: [],
    ...overrides,
  };
}

/** An employment spell from `start` (to `end`, exclusive), 单位就业 unless named. */
export function makeSpell(
  start: IsoDate,
  end: IsoDate | null = null,
  form: EmploymentForm = '单位就业',
): EmploymentSpell {
  return { id: newId(), form, employer: form === '单位就业' ? '泉港石化园区某厂' : null, start, end };
}

/** 失业登记 approved on `approved`, optionally closed. */
export function makeRegistration(
  approved: IsoDate,
  closed: IsoDate | null = null,
  closeReason: RegistrationCloseReason | null = closed ? '就业' : null,
): UnemploymentRegistration {
  return { id: newId(), approved, closed, closeReason };
}

/** 就业困难人员认定 from `recognized` (until the day before `exited`). */
export function makeRecognition(
  recognized: IsoDate,
  exited: IsoDate | null = null,
  categories: DifficultyCategory[] = ['4050'],
): DifficultyRecognition {
  return { id: newId(), categories, recognized, exited };
}

/** A service record; `personId` is filled in by {@link withServices} or given here. */
export function makeService(
  type: ServiceType,
  date: IsoDate,
  extra: Partial<Pick<ServiceRecord, 'personId' | 'mode' | 'requestItem' | 'fulfilled'>> = {},
): ServiceRecord {
  return {
    id: newId(),
    personId: extra.personId ?? 0,
    type,
    date,
    mode: extra.mode ?? (type === '电话联系' ? '电话' : '上门'),
    requestItem: extra.requestItem ?? null,
    fulfilled: extra.fulfilled ?? null,
  };
}

/** A 服务申请 for `item` on `date`, fulfilled (联系落实) on `fulfilled` or still open. */
export function makeRequest(item: RequestItem, date: IsoDate, fulfilled: IsoDate | null): ServiceRecord {
  return makeService('服务申请', date, { requestItem: item, fulfilled });
}

/** Attaches service records to a person, setting their `personId`. */
export function withServices(person: PersonFacts, ...services: ServiceRecord[]): PersonFacts {
  person.services.push(...services.map((s) => ({ ...s, personId: person.id })));
  return person;
}

/** A household of the test unit with no business income and no recognition unless named. */
export function makeHousehold(overrides: Partial<HouseholdFacts> = {}): HouseholdFacts {
  const id = overrides.id ?? newId();
  return {
    id,
    unitCode: TEST_UNIT_CODE,
    number: `H${String(id).padStart(5, '0')}`,
    hasBusinessIncome: false,
    zeroEmployment: [],
    ...overrides,
  };
}

/** 零就业家庭认定 on `recognized`. */
export function makeZeroRecognition(recognized: IsoDate): ZeroEmploymentRecognition {
  return { id: newId(), recognized };
}

/** A 村级工作 record. */
export function makeUnitRecord(
  type: UnitRecordType,
  date: IsoDate,
  ledgerClass: UnitRecord['ledgerClass'] = null,
): UnitRecord {
  return { id: newId(), type, date, ledgerClass };
}

/** A collected job vacancy (岗位信息). */
export function makeVacancy(date: IsoDate): VacancyFacts {
  return { id: newId(), date };
}

/** A unit (village 柳厝村 by default) with nothing recorded unless named. */
export function makeUnit(overrides: Partial<UnitFacts> = {}): UnitFacts {
  return {
    code: TEST_UNIT_CODE,
    name: '柳厝村',
    kind: 'village',
    persons: [],
    households: [],
    records: [],
    vacancies: [],
    reviewerMismatchFlags: [],
    ...overrides,
  };
}

/** The organisation and mobilisation records a well-run unit keeps in `year` (items 1 and 7 at full marks). */
export function makeCompleteUnitRecords(year: number): UnitRecord[] {
  const d = (md: string) => `${year}-${md}`;
  return [
    makeUnitRecord('领导小组', d('01-05')),
    makeUnitRecord('工作制度', d('01-05')),
    makeUnitRecord('工作计划', d('01-10')),
    makeUnitRecord('工作目标', d('01-10')),
    makeUnitRecord('工作措施', d('01-10')),
    makeUnitRecord('信息发布栏', d('01-15')),
    makeUnitRecord('岗位信息', d('03-01')),
    makeUnitRecord('培训动员', d('04-01')),
    makeUnitRecord('招聘会动员', d('05-01')),
    makeUnitRecord('创业鼓励', d('06-01')),
    makeUnitRecord('援助活动', d('06-15')),
  ];
}

/** One contact (电话联系) in each quarter of `year` up to and including quarter `lastQuarter`. */
export function quarterlyContacts(year: number, lastQuarter = 4): ServiceRecord[] {
  const records: ServiceRecord[] = [];
  for (let q = 1; q <= lastQuarter; q++)
    records.push(makeService('电话联系', addDays(quarterStart(year, q), 14)));
  return records;
}

/**
 * A realistic, well-run unit for `year`, assessed on `year`-12-10 (the factory behind the "scores 100 and
 * passes" test and the performance test): residents of every kind, five registered unemployed of whom four
 * found work in the year and were visited, a 4050 就业困难人员 contacted every quarter, a 零就业家庭 eliminated
 * within its quarter, a poverty-register labourer, service requests fulfilled in time, and every ledger and
 * mobilisation record. `copies` repeats the population (for scale tests) with fresh ids.
 */
export function makeExemplaryUnit(year = 2016, copies = 1): UnitFacts {
  const y = (md: string) => `${year}-${md}`;
  const persons: PersonFacts[] = [];
  const households: HouseholdFacts[] = [];
  for (let c = 0; c < copies; c++) {
    // Four registered unemployed who found jobs in the year, each visited and recommended twice.
    for (let i = 0; i < 4; i++) {
      const p = makePerson({
        name: `求职者${i}`,
        birthDate: `${1985 + i}-0${i + 1}-10`,
        registrations: [makeRegistration(y('02-01'), y('07-01'), '就业')],
        employment: [makeSpell(y('07-01'), null, i % 2 === 0 ? '单位就业' : '灵活就业')],
      });
      persons.push(
        withServices(
          p,
          makeService('走访', y('02-15')),
          makeService('推荐就业', y('03-01')),
          makeService('推荐就业', y('04-01')),
          makeService('职业指导', y('03-10')),
        ),
      );
    }
    // One still unemployed (registered in the autumn), visited, guided, recommended twice, asked for training.
    persons.push(
      withServices(
        makePerson({
          name: '李四',
          sex: 'F',
          birthDate: '1990-08-20',
          registrations: [makeRegistration(y('09-01'))],
        }),
        makeService('走访', y('09-05')),
        makeService('职业指导', y('09-10')),
        makeService('推荐就业', y('09-20')),
        makeService('推荐就业', y('10-20')),
        makeRequest('职业培训', y('10-01'), y('10-15')),
        makeService('职业培训', y('10-15')),
      ),
    );
    // A 4050 就业困难人员 (woman, 45): registered and recognised in January, placed in a 公益性岗位 in November;
    // contacted every quarter, consulted, at a job fair, and visited.
    persons.push(
      withServices(
        makePerson({
          name: '王秀英',
          sex: 'F',
          birthDate: '1971-03-03',
          hukou: '非农业',
          registrations: [makeRegistration(y('01-04'), y('11-01'), '就业')],
          difficulty: [makeRecognition(y('01-20'), null, ['4050'])],
          employment: [makeSpell(y('11-01'), null, '公益性岗位')],
        }),
        ...quarterlyContacts(year),
        makeService('走访', y('01-25')),
        makeService('就业咨询', y('02-10')),
        makeService('职业指导', y('02-20')),
        makeService('招聘会', y('03-15')),
        makeService('职业培训', y('05-10')),
        makeService('创业服务', y('06-10')),
      ),
    );
    // A 零就业家庭 recognised in April, eliminated in June when the son took a factory job.
    const household = makeHousehold({ zeroEmployment: [makeZeroRecognition(y('04-10'))] });
    households.push(household);
    persons.push(
      makePerson({ name: '陈建国', birthDate: '1962-01-01', householdId: household.id, ability: 'none' }),
      withServices(
        makePerson({
          name: '陈志强',
          birthDate: '1992-09-09',
          householdId: household.id,
          employment: [makeSpell(y('06-20'))],
        }),
        makeService('走访', y('04-12')),
      ),
    );
    // A poverty-register labourer working away from home.
    persons.push(
      makePerson({
        name: '林阿明',
        birthDate: '1988-12-12',
        povertyRegister: true,
        povertyStatus: '已脱贫',
        employment: [makeSpell(`${year - 2}-03-01`, null, '外出务工')],
      }),
    );
    // Residents outside every ledger: a pupil, a retiree, a long-time employee.
    persons.push(
      makePerson({ name: '小明', birthDate: `${year - 10}-06-01`, student: true }),
      makePerson({ name: '老陈', birthDate: '1950-02-02', pensionSince: '2010-03-01' }),
      makePerson({ name: '郑工', birthDate: '1978-04-04', employment: [makeSpell('2005-05-01')] }),
    );
  }
  return makeUnit({
    persons,
    households,
    records: makeCompleteUnitRecords(year),
    vacancies: [makeVacancy(y('03-05'))],
  });
}

/** Assessment options for 2016 as of 2016-12-10 under the default profile, unless named. */
export function makeOptions(overrides: Partial<AssessmentOptions> = {}): AssessmentOptions {
  return { year: 2016, asOf: '2016-12-10', profile: getProfile(), ...overrides };
}

/** The shared scoring context of `unit` (see {@link makeOptions} for the defaults). */
export function makeContext(unit: UnitFacts, overrides: Partial<AssessmentOptions> = {}): ScoringContext {
  return buildScoringContext(unit, makeOptions(overrides));
}

/** A copy of a profile with some values changed (profiles are frozen; tests never mutate them). */
export function profileWith(
  overrides: Partial<StandardProfile>,
  base: StandardProfile = getProfile(),
): StandardProfile {
  return { ...base, ...overrides };
}

/**
 * `total` registered unemployed (registered 2016-02-01), of whom `placed` found a job on 2016-07-01 (the
 * registration closed that day); each was visited while registered.
 */
export function makeJobSeekers(total: number, placed: number, year = 2016): PersonFacts[] {
  const persons: PersonFacts[] = [];
  for (let i = 0; i < total; i++) {
    const works = i < placed;
    persons.push(
      withServices(
        makePerson({
          name: `求职者${i + 1}`,
          registrations: [
            makeRegistration(`${year}-02-01`, works ? `${year}-07-01` : null, works ? '就业' : null),
          ],
          employment: works ? [makeSpell(`${year}-07-01`)] : [],
        }),
        makeService('走访', `${year}-02-15`),
      ),
    );
  }
  return persons;
}
