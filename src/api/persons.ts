import { z } from 'zod';
import { DIFFICULTY_CATEGORIES, EMPLOYMENT_FORMS, REGISTRATION_CLOSE_REASONS } from '../domain/facts.ts';
import { PERSON_FLAG, type PersonFlagName } from '../domain/ledgers.ts';
import { isoDate, recordIdParam, text, unitCode, version } from './common.ts';

const flagNames = Object.keys(PERSON_FLAG) as [PersonFlagName, ...PersonFlagName[]];

/**
 * The person form: the 劳动力 sheet's person columns with English keys. The server turns it into a sheet row
 * and validates it with the same rules as an imported row, so a form and a workbook can never disagree.
 */
export const PERSON_FORM_COLUMNS = {
  unitCode: '村（社区）代码',
  householdNumber: '户编号',
  relation: '与户主关系',
  name: '姓名',
  idNumber: '身份证号',
  sex: '性别',
  phone: '联系电话',
  hukou: '户籍性质',
  education: '文化程度',
  ability: '劳动能力',
  willing: '就业意愿',
  state: '人员状态',
  povertyRegister: '建档立卡贫困劳动力',
  povertyStatus: '脱贫状态',
  dibao: '低保',
  disabilityNo: '残疾证号',
  note: '备注',
} as const;
export type PersonFormField = keyof typeof PERSON_FORM_COLUMNS;

export const personForm = z.object({
  unitCode,
  householdNumber: text(40),
  relation: text(10).optional(),
  name: text(50),
  idNumber: text(20),
  sex: text(2).optional(),
  phone: text(20).optional(),
  hukou: text(10).optional(),
  education: text(10).optional(),
  ability: text(4).optional(),
  willing: text(2).optional(),
  state: text(10).optional(),
  povertyRegister: text(2).optional(),
  povertyStatus: text(10).optional(),
  dibao: text(4).optional(),
  disabilityNo: text(30).optional(),
  note: text(500).optional(),
  /** 技能 and 求职意向（工种）: not columns of the 劳动力 sheet; used to match job seekers with vacancies */
  skills: text(200).optional(),
  wantedTrades: text(200).optional(),
});
export type PersonForm = z.infer<typeof personForm>;
export const personUpdate = personForm.omit({ idNumber: true, unitCode: true }).extend({ version });

export const personIdParams = z.object({ id: recordIdParam });

export const ledgerKind = z.enum(['labour', 'unemployed', 'difficulty', 'poverty', 'all']);
export const ledgerQuery = z.object({
  /** a village-level unit or a town within scope; default: the whole scope */
  unit: unitCode.optional(),
  q: text(40).optional(),
  /** comma-separated flag names that must all hold */
  flags: z
    .string()
    .max(400)
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : []))
    .pipe(z.array(z.enum(flagNames))),
  after: z
    .string()
    .regex(/^\d{12}:\d+$/, '分页游标无效')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const personListItem = z.object({
  id: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  householdId: z.number().nullable(),
  name: z.string(),
  idMasked: z.string(),
  sex: z.enum(['M', 'F']),
  age: z.number(),
  phoneMasked: z.string().nullable(),
  flags: z.array(z.enum(flagNames)),
});
export type PersonListItem = z.infer<typeof personListItem>;
export const ledgerPage = z.object({
  items: z.array(personListItem),
  next: z.string().nullable(),
  total: z.number().nullable(),
  asOf: z.string(),
});

const timelineEntry = z.object({
  date: z.string(),
  kind: z.enum([
    'employment',
    'employment_end',
    'registration',
    'registration_close',
    'difficulty',
    'difficulty_exit',
    'service',
    'transfer',
    'created',
  ]),
  title: z.string(),
  detail: z.string().nullable(),
  recordId: z.number().nullable(),
});

export const personDetail = z.object({
  id: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  household: z.object({ id: z.number(), number: z.string() }).nullable(),
  relation: z.string().nullable(),
  name: z.string(),
  idMasked: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number(),
  phoneMasked: z.string().nullable(),
  hukou: z.string().nullable(),
  education: z.string().nullable(),
  ability: z.enum(['full', 'partial', 'none']),
  willing: z.boolean(),
  state: z.string().nullable(),
  povertyRegister: z.boolean(),
  povertyStatus: z.string().nullable(),
  dibao: z.string().nullable(),
  hasDisabilityNo: z.boolean(),
  note: z.string().nullable(),
  skills: z.string().nullable(),
  wantedTrades: z.string().nullable(),
  flags: z.array(z.enum(flagNames)),
  difficultyCandidates: z.array(z.string()),
  employment: z.array(
    z.object({
      id: z.number(),
      form: z.string(),
      employer: z.string().nullable(),
      start: z.string(),
      end: z.string().nullable(),
    }),
  ),
  registrations: z.array(
    z.object({
      id: z.number(),
      approved: z.string(),
      closed: z.string().nullable(),
      closeReason: z.string().nullable(),
    }),
  ),
  difficulty: z.array(
    z.object({
      id: z.number(),
      categories: z.array(z.string()),
      recognized: z.string(),
      exited: z.string().nullable(),
    }),
  ),
  timeline: z.array(timelineEntry),
  version: z.number(),
});
export type PersonDetail = z.infer<typeof personDetail>;

export const revealRequest = z.object({
  field: z.enum(['idNumber', 'phone', 'disabilityNo']),
  reason: text(200).pipe(z.string().min(2, '请填写查看原因')),
});
export const revealResponse = z.object({ value: z.string() });

export const employmentStart = z.object({
  form: z.enum(EMPLOYMENT_FORMS as [string, ...string[]]),
  employer: text(100).optional(),
  start: isoDate,
});
export const employmentEnd = z.object({ end: isoDate });
export const registrationOpen = z.object({ approved: isoDate });
export const registrationClose = z.object({
  closed: isoDate,
  reason: z.enum(REGISTRATION_CLOSE_REASONS as [string, ...string[]]),
});
export const difficultyRecognise = z.object({
  categories: z.array(z.enum(DIFFICULTY_CATEGORIES as [string, ...string[]])).min(1, '至少选择一个类别'),
  recognized: isoDate,
});
export const difficultyExit = z.object({ exited: isoDate, reason: text(100).optional() });
export const transferIn = z.object({
  idNumber: text(20),
  toUnit: unitCode,
  date: isoDate,
  householdNumber: text(40),
});

export const householdIdParams = z.object({ id: recordIdParam });
export const householdDetail = z.object({
  id: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  number: z.string(),
  address: z.string().nullable(),
  hasBusinessIncome: z.boolean(),
  members: z.array(personListItem.extend({ relation: z.string().nullable() })),
  zeroEmployment: z.array(
    z.object({
      id: z.number(),
      recognized: z.string(),
      eliminated: z.string().nullable(),
      deadline: z.string(),
    }),
  ),
  zeroEmploymentCandidate: z.boolean(),
  version: z.number(),
});
export const zeroEmploymentRecognise = z.object({ recognized: isoDate, note: text(200).optional() });

export const findingsQuery = z.object({ unit: unitCode, date: isoDate.optional() });
export const findingItem = z.object({
  kind: z.string(),
  severity: z.enum(['finding', 'warning']),
  message: z.string(),
  person: z.object({ id: z.number(), name: z.string(), idMasked: z.string() }).nullable(),
  householdId: z.number().nullable(),
  recordId: z.number().nullable(),
});
export const findingsResponse = z.object({
  unitCode: z.string(),
  date: z.string(),
  findings: z.array(findingItem),
});
