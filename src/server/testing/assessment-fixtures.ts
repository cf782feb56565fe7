import { makeIdNumber } from '../../domain/id-number.ts';
import type { PersonEntry } from '../../domain/ledger-entry.ts';
import type { DbHandle } from '../db/connect.ts';
import { applyPersonEntries } from '../services/register-write.ts';
import { TEST_PII } from './context.ts';

/**
 * A realistic register for one village-level unit and year, written the way the app writes it (劳动力 entries
 * through applyPersonEntries; services and unit records as rows): the annex's exemplary unit, missing one
 * quarterly contact with its 就业困难人员 — so it scores 99, with a deduction that names a person.
 */
export interface SeededUnit {
  unit: string;
  year: number;
  /** person ids by name */
  person: Record<string, number>;
  /** ID numbers by name (to check they never leak) */
  idNumber: Record<string, string>;
  zeroHouseholdId: number;
}

let sequence = 100;

function entry(
  unit: string,
  o: Partial<PersonEntry> & Pick<PersonEntry, 'name' | 'sex' | 'birthDate' | 'householdNumber'>,
): PersonEntry {
  // Sequence parity carries the sex in GB 11643.
  sequence += 2;
  const idNumber = makeIdNumber('350505', o.birthDate, (sequence % 998) + (o.sex === 'M' ? 1 : 0));
  return {
    unitCode: unit,
    relation: null,
    idNumber,
    phone: null,
    hukou: '农业',
    education: null,
    ability: 'full',
    willing: true,
    state: null,
    employment: null,
    registration: null,
    difficulty: null,
    povertyRegister: false,
    povertyStatus: null,
    dibao: null,
    disabilityNo: null,
    note: null,
    ...o,
  };
}

export async function seedRealisticUnit(
  handle: Pick<DbHandle, 'db'>,
  unit = '350505100201',
  year = 2016,
): Promise<SeededUnit> {
  const y = (md: string) => `${year}-${md}`;
  const entries: PersonEntry[] = [];
  for (let i = 0; i < 4; i++) {
    entries.push(
      entry(unit, {
        name: `求职者${'甲乙丙丁'[i]}`,
        sex: i % 2 ? 'F' : 'M',
        birthDate: `${1985 + i}-0${i + 1}-10`,
        householdNumber: `10${i}`,
        registration: { approved: y('02-01'), closed: y('07-01'), closeReason: '就业' },
        employment: { form: i % 2 === 0 ? '单位就业' : '灵活就业', employer: null, start: y('07-01') },
      }),
    );
  }
  entries.push(
    entry(unit, {
      name: '李四',
      sex: 'F',
      birthDate: '1990-08-20',
      householdNumber: '200',
      registration: { approved: y('09-01'), closed: null, closeReason: null },
    }),
    entry(unit, {
      name: '王秀英',
      sex: 'F',
      birthDate: '1971-03-03',
      householdNumber: '300',
      hukou: '非农业',
      registration: { approved: y('01-04'), closed: y('11-01'), closeReason: '就业' },
      difficulty: { categories: ['4050'], recognized: y('01-20'), exited: null },
      employment: { form: '公益性岗位', employer: null, start: y('11-01') },
    }),
    entry(unit, {
      name: '陈建国',
      sex: 'M',
      birthDate: '1962-01-01',
      householdNumber: '400',
      ability: 'none',
      relation: '户主',
    }),
    entry(unit, {
      name: '陈志强',
      sex: 'M',
      birthDate: '1992-09-09',
      householdNumber: '400',
      relation: '子女',
      employment: { form: '单位就业', employer: '泉港石化', start: y('06-20') },
    }),
    entry(unit, {
      name: '林阿明',
      sex: 'M',
      birthDate: '1988-12-12',
      householdNumber: '500',
      povertyRegister: true,
      povertyStatus: '已脱贫',
      employment: { form: '外出务工', employer: null, start: `${year - 2}-03-01` },
    }),
    entry(unit, {
      name: '小明',
      sex: 'M',
      birthDate: `${year - 10}-06-01`,
      householdNumber: '600',
      state: '在校学生',
    }),
    entry(unit, {
      name: '老陈',
      sex: 'M',
      birthDate: '1950-02-02',
      householdNumber: '700',
      state: '领取养老金',
    }),
    entry(unit, {
      name: '郑工',
      sex: 'M',
      birthDate: '1978-04-04',
      householdNumber: '800',
      employment: { form: '单位就业', employer: null, start: '2005-05-01' },
    }),
  );

  return handle.db.transaction().execute(async (trx) => {
    const now = new Date(`${year}-01-02T00:00:00Z`).toISOString();
    const applied = await applyPersonEntries(trx, entries, {
      pii: TEST_PII,
      now,
      today: y('12-31'),
      present: () => true,
    });
    const person: Record<string, number> = {};
    const idNumber: Record<string, string> = {};
    entries.forEach((e, i) => {
      person[e.name] = applied.personIds[i]!;
      idNumber[e.name] = e.idNumber;
    });
    // 老陈 draws his pension since long ago (the entry sets "today").
    await trx
      .updateTable('person')
      .set({ pension_since: '2010-03-01' })
      .where('id', '=', person['老陈']!)
      .execute();

    const services: [string, string, string, Partial<{ request_item: string; fulfilled_on: string }>?][] = [];
    for (let i = 0; i < 4; i++) {
      const who = `求职者${'甲乙丙丁'[i]}`;
      services.push(
        [who, '走访', y('02-15')],
        [who, '推荐就业', y('03-01')],
        [who, '推荐就业', y('04-01')],
        [who, '职业指导', y('03-10')],
      );
    }
    services.push(
      ['李四', '走访', y('09-05')],
      ['李四', '职业指导', y('09-10')],
      ['李四', '推荐就业', y('09-20')],
      ['李四', '推荐就业', y('10-20')],
      ['李四', '服务申请', y('10-01'), { request_item: '职业培训', fulfilled_on: y('10-15') }],
      ['李四', '职业培训', y('10-15')],
      // quarterly contacts with the 就业困难人员: the third quarter is missing (item 6: −1)
      ['王秀英', '电话联系', y('02-15')],
      ['王秀英', '电话联系', y('05-15')],
      ['王秀英', '电话联系', y('11-15')],
      ['王秀英', '走访', y('01-25')],
      ['王秀英', '就业咨询', y('02-10')],
      ['王秀英', '职业指导', y('02-20')],
      ['王秀英', '招聘会', y('03-15')],
      ['王秀英', '职业培训', y('05-10')],
      ['王秀英', '创业服务', y('06-10')],
      ['陈志强', '走访', y('04-12')],
    );
    await trx
      .insertInto('service_record')
      .values(
        services.map(([who, type, date, extra]) => ({
          person_id: person[who]!,
          unit_code: unit,
          type,
          date,
          mode: type === '电话联系' ? '电话' : '上门',
          request_item: extra?.request_item ?? null,
          fulfilled_on: extra?.fulfilled_on ?? null,
          employer_post: null,
          result: null,
          staff: '协理员',
          content: null,
          created_by: null,
          created_at: now,
        })),
      )
      .execute();
    const records = [
      '领导小组',
      '工作制度',
      '工作计划',
      '工作目标',
      '工作措施',
      '信息发布栏',
      '岗位信息',
      '培训动员',
      '招聘会动员',
      '创业鼓励',
      '援助活动',
    ];
    await trx
      .insertInto('unit_record')
      .values(
        records.map((type, i) => ({
          unit_code: unit,
          type,
          date: y(`0${1 + (i % 9)}-05`),
          ledger_class: null,
          participants: null,
          note: null,
          created_by: null,
          created_at: now,
        })),
      )
      .execute();
    const household = await trx
      .selectFrom('household')
      .select('id')
      .where('unit_code', '=', unit)
      .where('number', '=', '400')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('zero_employment_recognition')
      .values({ household_id: household.id, recognized_on: y('04-10'), note: null, created_at: now })
      .execute();
    return { unit, year, person, idNumber, zeroHouseholdId: household.id };
  });
}
