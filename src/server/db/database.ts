import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The schema as Kysely sees it, one interface per table. Conventions (both engines alike): dates and
 * timestamps are ISO text, booleans are integers 0/1 (see `toBool`), region codes are text.
 */

export interface UnitTable {
  /** 12-digit 统计用区划代码 (towns and the district padded with zeros). */
  code: string;
  name: string;
  official_name: string;
  kind: 'district' | 'town' | 'village' | 'community' | 'other';
  parent_code: string | null;
  /** 1 district, 2 town, 3 village-level */
  level: number;
  active: number;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UnitEventTable {
  id: Generated<number>;
  unit_code: string;
  at: string;
  action: 'create' | 'rename' | 'merge' | 'reparent' | 'reactivate';
  old_value: string | null;
  new_value: string | null;
  actor_id: number | null;
  note: string | null;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string | null;
  unit_code: string | null;
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  recovery_codes: string | null;
  password_changed_at: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionTable {
  /** sha256 of the cookie value: a leaked table cannot be replayed. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** 1 between a correct password and the second factor */
  mfa_pending: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  role: string | null;
  scope: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: 'ok' | 'denied' | 'failed';
  request_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface HouseholdTable {
  id: Generated<number>;
  unit_code: string;
  number: string;
  address: string | null;
  has_business_income: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PersonTable {
  id: Generated<number>;
  unit_code: string;
  household_id: number | null;
  relation: string | null;
  name: string;
  name_pinyin: string;
  id_enc: string;
  id_hmac: string;
  id_masked: string;
  sex: 'M' | 'F';
  birth_date: string;
  phone_enc: string | null;
  phone_hmac: string | null;
  phone_masked: string | null;
  hukou: string | null;
  education: string | null;
  ability: 'full' | 'partial' | 'none';
  willing: number;
  student: number;
  soldier: number;
  pension_since: string | null;
  female_worker: number;
  poverty_register: number;
  poverty_status: string | null;
  dibao: string | null;
  disability_enc: string | null;
  skills: string | null;
  wanted_trades: string | null;
  note: string | null;
  flags: number;
  flags_on: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface EmploymentSpellTable {
  id: Generated<number>;
  person_id: number;
  form: string;
  employer: string | null;
  start_date: string;
  end_date: string | null;
  created_at: string;
}

export interface UnemploymentRegistrationTable {
  id: Generated<number>;
  person_id: number;
  approved_on: string;
  closed_on: string | null;
  close_reason: string | null;
  created_at: string;
}

export interface DifficultyRecognitionTable {
  id: Generated<number>;
  person_id: number;
  categories: string;
  recognized_on: string;
  exited_on: string | null;
  exit_reason: string | null;
  created_at: string;
}

export interface ZeroEmploymentRecognitionTable {
  id: Generated<number>;
  household_id: number;
  recognized_on: string;
  note: string | null;
  created_at: string;
}

export interface PersonTransferTable {
  id: Generated<number>;
  person_id: number;
  from_unit: string;
  to_unit: string;
  on_date: string;
  actor_id: number | null;
  created_at: string;
}

export interface ServiceRecordTable {
  id: Generated<number>;
  person_id: number;
  unit_code: string;
  type: string;
  date: string;
  mode: string | null;
  request_item: string | null;
  fulfilled_on: string | null;
  employer_post: string | null;
  result: string | null;
  staff: string | null;
  content: string | null;
  created_by: number | null;
  created_at: string;
  version: Generated<number>;
  /** 推荐就业: employer and post apart (employer_post keeps the sheet's 单位岗位 text), the vacancy it came from, the spell it led to */
  employer: string | null;
  post: string | null;
  vacancy_id: number | null;
  employment_spell_id: number | null;
  /** 职业培训 */
  course: string | null;
  start_date: string | null;
  end_date: string | null;
  certificate: string | null;
  /** 政策补贴: amount in fen */
  policy: string | null;
  amount_fen: number | null;
  subsidy_status: string | null;
  updated_at: string | null;
  updated_by: number | null;
}

export interface UnitRecordTable {
  id: Generated<number>;
  unit_code: string;
  type: string;
  date: string;
  ledger_class: string | null;
  participants: number | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
  version: Generated<number>;
  /** for 六到位: 人员/经费/场地/机构/制度/工作 */
  subtype: string | null;
  title: string | null;
  updated_at: string | null;
  updated_by: number | null;
}

/** 岗位信息 — a vacancy collected by a unit or town (job board, matching, item 7). */
export interface VacancyTable {
  id: Generated<number>;
  unit_code: string;
  employer: string;
  post: string;
  headcount: number;
  pay_text: string | null;
  pay_min_fen: number | null;
  pay_max_fen: number | null;
  place: string | null;
  requirements: string | null;
  trades: string | null;
  age_min: number | null;
  age_max: number | null;
  sex: 'M' | 'F' | null;
  education: string | null;
  contact: string | null;
  source: string | null;
  collected_on: string;
  valid_until: string | null;
  closed_on: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** 宣传动员 / 业务培训 of a town or the district (四(三)(四)). */
export interface TownActivityTable {
  id: Generated<number>;
  unit_code: string;
  kind: string;
  channel: string | null;
  title: string;
  date: string;
  organiser: string | null;
  participants: number | null;
  audience: string | null;
  note: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** A photo or document behind a service record, unit record or activity. */
export interface EvidenceFileTable {
  id: Generated<number>;
  owner_type: 'service_record' | 'unit_record' | 'town_activity';
  owner_id: number;
  unit_code: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_by: number | null;
  created_at: string;
}

/** A deleted record kept whole (JSON), out of every live table. */
export interface DeletedRecordTable {
  id: Generated<number>;
  record_type: string;
  record_id: number;
  unit_code: string;
  person_id: number | null;
  data: string;
  reason: string | null;
  deleted_by: number | null;
  deleted_at: string;
}

export type AssessmentState =
  'draft' | 'self_assessed' | 'returned' | 'town_reviewed' | 'accepted' | 'rejected' | 'awarded';

/** 考核验收 of one unit for one creation year (DOMAIN.md §6); JSON columns hold per-item scores and the snapshot. */
export interface AssessmentTable {
  id: Generated<number>;
  unit_code: string;
  year: number;
  state: AssessmentState;
  profile_id: string;
  profile_version: string | null;
  as_of: string | null;
  snapshot: string | null;
  computed_total: number | null;
  computed_passed: number | null;
  self_scores: string | null;
  self_total: number | null;
  report_text: string | null;
  report_upload_id: number | null;
  self_at: string | null;
  self_days_late: number | null;
  return_reason: string | null;
  town_scores: string | null;
  town_total: number | null;
  town_comment: string | null;
  town_at: string | null;
  town_days_late: number | null;
  district_scores: string | null;
  district_total: number | null;
  district_comment: string | null;
  district_at: string | null;
  district_days_late: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AssessmentTransitionTable {
  id: Generated<number>;
  assessment_id: number;
  action: string;
  from_state: string;
  to_state: string;
  at: string;
  on_date: string;
  actor_id: number | null;
  actor: string;
  role: string | null;
  reason: string | null;
  days_late: number;
}

export interface AssessmentAwardTable {
  id: Generated<number>;
  unit_code: string;
  assessment_id: number;
  year: number;
  amount_fen: number;
  recommended_upward: number;
  proposed_by: number;
  proposed_at: string;
  proposal_note: string | null;
  approved_by: number | null;
  approved_at: string | null;
  approval_note: string | null;
  version: number;
}

export interface ReviewerMismatchFlagTable {
  id: Generated<number>;
  unit_code: string;
  year: number;
  date: string;
  note: string;
  created_by: number | null;
  created_at: string;
}

export interface ImplementationPlanTable {
  id: Generated<number>;
  town_code: string;
  year: number;
  title: string;
  note: string | null;
  upload_id: number | null;
  filed_at: string;
  filed_by: number | null;
  days_late: number;
  version: number;
}

export interface UploadTable {
  id: Generated<number>;
  kind: string;
  unit_code: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  content: string;
  created_by: number | null;
  created_at: string;
}

/** 登记版本 (migration 044): raised by every write to a unit's register; tokens (045) chain the raises. */
export interface RegisterRevisionTable {
  unit_code: string;
  rev: number;
  /** random, new at each raise */
  token: ColumnType<string, string | undefined, string>;
  /** the token this raise replaced ('' for none) */
  prev_token: ColumnType<string, string | undefined, string>;
}

/** 看板: the precomputed result of one unit and year (migration 020); JSON columns as text. */
export interface UnitResultTable {
  unit_code: string;
  year: number;
  town_code: string | null;
  kind: string;
  /** snapshot (frozen at submission) | live (from the register) | none (未考核: a past year without register data) */
  source: 'snapshot' | 'live' | 'none';
  profile_id: string;
  profile_version: string;
  as_of: string;
  total: number;
  passed: number;
  item_scores: string;
  deductions: string;
  outcomes: string;
  employment_num: number;
  employment_den: number;
  visit_num: number;
  visit_den: number;
  contact_num: number;
  contact_den: number;
  request_num: number;
  request_den: number;
  zero_num: number;
  zero_den: number;
  recommend_num: number;
  recommend_den: number;
  state: AssessmentState | null;
  self_total: number | null;
  town_total: number | null;
  district_total: number | null;
  star_total: number | null;
  star_passed: number | null;
  star_missing: string | null;
  computed_at: string;
  /** when a write to the unit's register made a live row out of date; null while current (migration 042) */
  stale_since: string | null;
}

/** A creating write's first response, replayed for a retry with the same `Idempotency-Key` (migration 030). */
export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  route: string;
  request_hash: string;
  /** 0 while the first request is in progress */
  status: number;
  content_type: string | null;
  body: string | null;
  created_at: string;
}

export interface Database {
  unit: UnitTable;
  unit_event: UnitEventTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  household: HouseholdTable;
  person: PersonTable;
  employment_spell: EmploymentSpellTable;
  unemployment_registration: UnemploymentRegistrationTable;
  difficulty_recognition: DifficultyRecognitionTable;
  zero_employment_recognition: ZeroEmploymentRecognitionTable;
  person_transfer: PersonTransferTable;
  service_record: ServiceRecordTable;
  unit_record: UnitRecordTable;
  upload: UploadTable;
  assessment: AssessmentTable;
  assessment_transition: AssessmentTransitionTable;
  assessment_award: AssessmentAwardTable;
  reviewer_mismatch_flag: ReviewerMismatchFlagTable;
  implementation_plan: ImplementationPlanTable;
  vacancy: VacancyTable;
  town_activity: TownActivityTable;
  evidence_file: EvidenceFileTable;
  deleted_record: DeletedRecordTable;
  unit_result: UnitResultTable;
  register_revision: RegisterRevisionTable;
  idempotency_key: IdempotencyKeyTable;
}

export type PersonRow = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type HouseholdRow = Selectable<HouseholdTable>;
export type AssessmentRow = Selectable<AssessmentTable>;
export type AssessmentAwardRow = Selectable<AssessmentAwardTable>;
export type UnitResultRow = Selectable<UnitResultTable>;
export type NewUnitResult = Insertable<UnitResultTable>;
export type ServiceRecordRow = Selectable<ServiceRecordTable>;
export type UnitRecordRow = Selectable<UnitRecordTable>;
export type VacancyRow = Selectable<VacancyTable>;
export type TownActivityRow = Selectable<TownActivityTable>;

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

/** SQLite returns 0/1 and PostgreSQL integers too (we store booleans as integers on both): one mapping. */
export function toBool(v: number | boolean | null | undefined): boolean {
  return v === true || v === 1;
}
export function fromBool(v: boolean): number {
  return v ? 1 : 0;
}
