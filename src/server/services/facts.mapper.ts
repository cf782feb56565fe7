import type {
  DifficultyCategory,
  EmploymentForm,
  HouseholdFacts,
  PersonFacts,
  RegistrationCloseReason,
  RequestItem,
  ServiceMode,
  ServiceType,
  UnitFacts,
  UnitKind,
  UnitRecordType,
  LedgerClass,
} from '../../domain/facts.ts';
import { toBool } from '../db/database.ts';
import type { FactPersonRow, RegisterRows } from '../repositories/register.repository.ts';

/** Rows → the domain's facts. The one place that knows both shapes. */

/** Rows by person id, each list in the rows' order. */
export function group<T extends { person_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.person_id);
    if (list) list.push(r);
    else m.set(r.person_id, [r]);
  }
  return m;
}

export function splitCategories(text: string): DifficultyCategory[] {
  return text
    .split(/[、,，]/)
    .map((s) => s.trim())
    .filter(Boolean) as DifficultyCategory[];
}

/** A person's rows of one table in the order they were written (by id), whatever order the database read them in. */
function inIdOrder<T extends { id: number }>(rows: readonly T[]): readonly T[] {
  return rows.length > 1 ? [...rows].sort((a, b) => a.id - b.id) : rows;
}

export function personFacts(
  row: FactPersonRow,
  h: {
    employment: RegisterRows['employment'];
    registrations: RegisterRows['registrations'];
    difficulty: RegisterRows['difficulty'];
    services: RegisterRows['services'];
  },
): PersonFacts {
  return {
    id: row.id,
    name: row.name,
    unitCode: row.unit_code,
    householdId: row.household_id,
    sex: row.sex,
    birthDate: row.birth_date,
    hukou: (row.hukou as PersonFacts['hukou']) ?? null,
    ability: row.ability,
    willing: toBool(row.willing),
    student: toBool(row.student),
    soldier: toBool(row.soldier),
    pensionSince: row.pension_since,
    femaleWorker: toBool(row.female_worker),
    povertyRegister: toBool(row.poverty_register),
    povertyStatus: (row.poverty_status as PersonFacts['povertyStatus']) ?? null,
    employment: inIdOrder(h.employment).map((e) => ({
      id: e.id,
      form: e.form as EmploymentForm,
      employer: e.employer,
      start: e.start_date,
      end: e.end_date,
    })),
    registrations: inIdOrder(h.registrations).map((r) => ({
      id: r.id,
      approved: r.approved_on,
      closed: r.closed_on,
      closeReason: r.close_reason as RegistrationCloseReason | null,
    })),
    difficulty: inIdOrder(h.difficulty).map((d) => ({
      id: d.id,
      categories: splitCategories(d.categories),
      recognized: d.recognized_on,
      exited: d.exited_on,
    })),
    services: inIdOrder(h.services).map((s) => ({
      id: s.id,
      personId: s.person_id,
      type: s.type as ServiceType,
      date: s.date,
      mode: s.mode as ServiceMode | null,
      requestItem: s.request_item as RequestItem | null,
      fulfilled: s.fulfilled_on,
    })),
  };
}

export interface UnitInfo {
  code: string;
  name: string;
  kind: UnitKind;
}

/** Facts of each unit in `units`, from rows loaded for all of them at once. */
export function unitFactsFromRows(rows: RegisterRows, units: readonly UnitInfo[]): Map<string, UnitFacts> {
  const emp = group(rows.employment);
  const reg = group(rows.registrations);
  const dif = group(rows.difficulty);
  const svc = group(rows.services);
  const zero = new Map<number, HouseholdFacts['zeroEmployment']>();
  for (const z of inIdOrder(rows.zero)) {
    const list = zero.get(z.household_id) ?? [];
    list.push({ id: z.id, recognized: z.recognized_on });
    zero.set(z.household_id, list);
  }
  const result = new Map<string, UnitFacts>();
  for (const u of units) {
    result.set(u.code, {
      code: u.code,
      name: u.name,
      kind: u.kind,
      persons: [],
      households: [],
      records: [],
      vacancies: [],
      reviewerMismatchFlags: [],
    });
  }
  for (const p of rows.persons) {
    result.get(p.unit_code)?.persons.push(
      personFacts(p, {
        employment: emp.get(p.id) ?? [],
        registrations: reg.get(p.id) ?? [],
        difficulty: dif.get(p.id) ?? [],
        services: svc.get(p.id) ?? [],
      }),
    );
  }
  for (const h of inIdOrder(rows.households)) {
    result.get(h.unit_code)?.households.push({
      id: h.id,
      unitCode: h.unit_code,
      number: h.number,
      hasBusinessIncome: toBool(h.has_business_income),
      zeroEmployment: zero.get(h.id) ?? [],
    });
  }
  for (const r of inIdOrder(rows.unitRecords)) {
    result.get(r.unit_code)?.records.push({
      id: r.id,
      type: r.type as UnitRecordType,
      date: r.date,
      ledgerClass: r.ledger_class as LedgerClass | null,
    });
  }
  for (const v of inIdOrder(rows.vacancies))
    result.get(v.unit_code)?.vacancies.push({ id: v.id, date: v.collected_on });
  return result;
}
