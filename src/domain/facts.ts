/**
 * The facts the rules read. The register (database) is mapped into these shapes by the services layer;
 * the domain never sees a row, a request or a clock. Dates are ISO `YYYY-MM-DD` strings, compared as text.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** 单位类型 — district 区, town/street 镇/街道, village 村, community 社区, other (e.g. a park's virtual community). */
export type UnitKind = 'district' | 'town' | 'village' | 'community' | 'other';

export type Sex = 'M' | 'F';

/** 户籍性质 */
export type Hukou = '农业' | '非农业' | '居民';

/** 劳动能力 — 完全 / 部分 / 丧失 */
export type WorkAbility = 'full' | 'partial' | 'none';

/** 就业形式 (DOMAIN.md §2). */
export type EmploymentForm = '单位就业' | '灵活就业' | '自主创业' | '公益性岗位' | '务农' | '外出务工';
export const EMPLOYMENT_FORMS: readonly EmploymentForm[] = [
  '单位就业',
  '灵活就业',
  '自主创业',
  '公益性岗位',
  '务农',
  '外出务工',
];

/** 失业登记注销原因 */
export type RegistrationCloseReason =
  | '就业'
  | '创业'
  | '收入达标'
  | '领取养老金'
  | '丧失劳动能力'
  | '入学参军出国'
  | '服刑'
  | '拒绝服务'
  | '联系不上'
  | '死亡'
  | '其他';
export const REGISTRATION_CLOSE_REASONS: readonly RegistrationCloseReason[] = [
  '就业',
  '创业',
  '收入达标',
  '领取养老金',
  '丧失劳动能力',
  '入学参军出国',
  '服刑',
  '拒绝服务',
  '联系不上',
  '死亡',
  '其他',
];

/** 就业困难人员类别 (DOMAIN.md §2). */
export type DifficultyCategory =
  | '4050'
  | '残疾'
  | '城镇低保'
  | '连续失业一年以上'
  | '进城务工失业一年以上'
  | '被征地农民'
  | '农村独生子女户二女户'
  | '农村残疾'
  | '农村低保'
  | '零就业家庭成员'
  | '建档立卡贫困劳动力';
export const DIFFICULTY_CATEGORIES: readonly DifficultyCategory[] = [
  '4050',
  '残疾',
  '城镇低保',
  '连续失业一年以上',
  '进城务工失业一年以上',
  '被征地农民',
  '农村独生子女户二女户',
  '农村残疾',
  '农村低保',
  '零就业家庭成员',
  '建档立卡贫困劳动力',
];

/** 服务类型 (DOMAIN.md §3). Any record of any type is a contact with the person on its date. */
export type ServiceType =
  | '走访'
  | '电话联系'
  | '推荐就业'
  | '职业指导'
  | '就业咨询'
  | '职业培训'
  | '招聘会'
  | '创业服务'
  | '公益性岗位安置'
  | '政策补贴'
  | '服务申请';
export const SERVICE_TYPES: readonly ServiceType[] = [
  '走访',
  '电话联系',
  '推荐就业',
  '职业指导',
  '就业咨询',
  '职业培训',
  '招聘会',
  '创业服务',
  '公益性岗位安置',
  '政策补贴',
  '服务申请',
];

/** 服务申请事项 */
export type RequestItem = '职业培训' | '职业指导' | '招聘会' | '创业服务';

/** 方式 */
export type ServiceMode = '上门' | '电话' | '到站' | '线上';

/** 村级工作 record types (DOMAIN.md §3). */
export type UnitRecordType =
  | '领导小组'
  | '工作制度'
  | '工作计划'
  | '工作目标'
  | '工作措施'
  | '信息发布栏'
  | '岗位信息'
  | '培训动员'
  | '招聘会动员'
  | '创业鼓励'
  | '援助活动'
  | '无此类人员声明';

/** The ledger classes a 无此类人员声明 may name. */
export type LedgerClass = '失业人员' | '就业困难人员' | '精准扶贫劳动力';

/** 就业 spell: start ≤ t and (no end or end > t) covers t. */
export interface EmploymentSpell {
  id: number;
  form: EmploymentForm;
  employer: string | null;
  start: IsoDate;
  end: IsoDate | null;
}

/** 失业登记: open on t when approved ≤ t and (no close or t < closed). */
export interface UnemploymentRegistration {
  id: number;
  approved: IsoDate;
  closed: IsoDate | null;
  closeReason: RegistrationCloseReason | null;
}

/** 就业困难人员认定: active from `recognized` until the day before `exited`. */
export interface DifficultyRecognition {
  id: number;
  categories: DifficultyCategory[];
  recognized: IsoDate;
  exited: IsoDate | null;
}

export interface ServiceRecord {
  id: number;
  personId: number;
  type: ServiceType;
  date: IsoDate;
  mode: ServiceMode | null;
  /** for 服务申请 */
  requestItem: RequestItem | null;
  /** for 服务申请: 联系落实 date */
  fulfilled: IsoDate | null;
}

export interface PersonFacts {
  id: number;
  name: string;
  /** The unit the person belongs to on the evaluation date (transfers resolved by the caller). */
  unitCode: string;
  householdId: number | null;
  sex: Sex;
  birthDate: IsoDate;
  hukou: Hukou | null;
  ability: WorkAbility;
  willing: boolean;
  student: boolean;
  soldier: boolean;
  /** 领取基本养老金 since this date (null: not drawing a pension). */
  pensionSince: IsoDate | null;
  /** 女工人: retirement at 50 instead of 55 where known. */
  femaleWorker: boolean;
  /** 建档立卡贫困劳动力: member of a poverty-register household. */
  povertyRegister: boolean;
  povertyStatus: '未脱贫' | '已脱贫' | null;
  employment: EmploymentSpell[];
  registrations: UnemploymentRegistration[];
  difficulty: DifficultyRecognition[];
  services: ServiceRecord[];
}

export interface ZeroEmploymentRecognition {
  id: number;
  recognized: IsoDate;
}

export interface HouseholdFacts {
  id: number;
  unitCode: string;
  number: string;
  /** business or investment income disqualifies a 零就业家庭 */
  hasBusinessIncome: boolean;
  zeroEmployment: ZeroEmploymentRecognition[];
}

export interface UnitRecord {
  id: number;
  type: UnitRecordType;
  date: IsoDate;
  /** for 无此类人员声明 */
  ledgerClass: LedgerClass | null;
}

export interface VacancyFacts {
  id: number;
  date: IsoDate;
}

/** Everything the assessment of one unit reads. */
export interface UnitFacts {
  code: string;
  name: string;
  kind: UnitKind;
  persons: PersonFacts[];
  households: HouseholdFacts[];
  records: UnitRecord[];
  vacancies: VacancyFacts[];
  /** reviewer-flagged ledger mismatches (台账信息与实际情况不相符) */
  reviewerMismatchFlags: { id: number; date: IsoDate; note: string }[];
}
