/**
 * 泉港人社〔2016〕151号 — 泉港区创建充分就业村（社区）工作的实施方案 and its annex 考核评分标准表, with the
 * defaults DOMAIN.md fixes where the document is silent. The texts below are the annex's, verbatim.
 */

import type { ItemDefinition, StandardProfile } from '../profile.ts';
import { deepFreeze } from './freeze.ts';

/** 附件 创建充分就业村（社区）考核评分标准表 — 内容 and 评分标准 columns verbatim. */
export const QUANGANG_2016_ITEMS: readonly ItemDefinition[] = [
  {
    no: 1,
    group: '组织领导',
    title: '组织领导',
    content: '成立创建领导小组，建立健全工作制度，将创建活动纳入议事日程，做到有计划、有目标、有措施',
    max: 15,
    criteria: '组织机构不健全的扣5分；工作制度不健全的扣5分；工作计划、目标、措施每少一项扣2分',
  },
  {
    no: 2,
    group: '目标任务',
    title: '登记失业人员就业率',
    content: '登记失业人员就业率80%以上（含灵活就业人员）',
    max: 20,
    criteria: '就业率低于80%的，该项不得分',
  },
  {
    no: 3,
    group: '目标任务',
    title: '基本消除零就业家庭',
    content: '基本消除零就业家庭',
    max: 20,
    criteria: '零就业家庭至少1人实现就业，当期不消除零就业家庭的，该项不得分',
  },
  {
    no: 4,
    group: '目标任务',
    title: '失业人员均被组织在积极的就业准备中',
    content: '失业人员均被组织在积极的就业准备中',
    max: 10,
    criteria: '失业人员要求参加职业培训、职业指导等就业准备的，及时予以联系落实的，给10分，否则不得分',
  },
  {
    no: 5,
    group: '基础工作',
    title: '登记台账',
    content:
      '建立劳动力、失业人员、就业困难人员、精准扶贫劳动力登记台账，录入电脑，实时动态掌握就业和失业状况',
    max: 10,
    criteria: '登记台账无建立的一项扣2分；台账信息与实际情况不相符的，扣2分；未录入电脑扣3分',
  },
  {
    no: 6,
    group: '基础工作',
    title: '走访与联系',
    content: '对登记失业人员走访率达到100%，有记录、有台账，其中对就业困难人员每季度至少联系1次',
    max: 7,
    criteria: '走访率不到100%的，每少1个百分点，扣1分；对就业困难人员每季度少联系1人的，扣1分，扣完为止',
  },
  {
    no: 7,
    group: '基础工作',
    title: '岗位开发与动员',
    content: '多渠道开发就业岗位，充分搜集就业岗位，组织动员参加职业培训和市场招聘会，鼓励失业人员自主创业等',
    max: 10,
    criteria: '无就业信息发布栏的扣2分；未组织动员参加职业培训等每项扣2分',
  },
  {
    no: 8,
    group: '基础工作',
    title: '再就业援助行动',
    content: '开展再就业援助行动，重点援助4050失业人员、“零就业家庭”失业人员实现就业',
    max: 8,
    criteria: '少开展一项服务的，扣2分。有连续失业一年以上的援助对象，扣3分',
  },
];

/** The default profile: the Quangang 2016 table with DOMAIN.md's defaults. */
export const quangang2016: StandardProfile = deepFreeze({
  id: 'quangang-2016',
  version: '1.0.0',
  name: '泉港区创建充分就业村（社区）考核评分标准（2016）',
  source: '泉港人社〔2016〕151号 附件；未规定之处按 DOMAIN.md 默认值',
  period: 'calendarYearToAsOf',
  employmentRateThreshold: 0.8,
  fulfilmentDays: 30,
  passScore: 85,
  outcomesRequired: true,
  mismatchDeduction: 'once',
  zeroEmploymentDeadline: 'quarter',
  farmingCountsAsEmployed: false,
  longUnemploymentMonths: 12,
  recommendationsRequired: 2,
  assistanceServices: ['职业指导', '就业咨询', '职业培训', '招聘会'],
  preparationServices: ['职业指导', '职业培训', '招聘会', '推荐就业', '创业服务'],
  outOfLabourForceCloseReasons: ['领取养老金', '丧失劳动能力', '入学参军出国', '服刑', '死亡'],
  fourFiftyAge: { female: 40, male: 50 },
  staleRegistrationMonths: 6,
  workingAge: {
    minAgeYears: 16,
    // 国务院关于渐进式提高法定退休年龄的决定: 男 60→63 and 女 55→58 one month later every 4 birth months,
    // 女工人 50→55 one month later every 2 birth months, starting with those born in 1965-01 / 1970-01 / 1975-01.
    male: { baseAgeYears: 60, reformFirstCohort: '1965-01', stepEveryMonths: 4, maxDelayMonths: 36 },
    female: { baseAgeYears: 55, reformFirstCohort: '1970-01', stepEveryMonths: 4, maxDelayMonths: 36 },
    femaleWorker: { baseAgeYears: 50, reformFirstCohort: '1975-01', stepEveryMonths: 2, maxDelayMonths: 60 },
  },
  // 一、工作目标: by the end of 2020, 100 % of communities and ≥ 50 % of villages. No interim targets are given.
  coverageTargets: { 2020: { community: 1, village: 0.5 } },
  acceptancePersists: true,
  yearlyReReview: false,
  calendar: {
    townPlanDue: '11-25',
    selfAssessmentDue: '12-10',
    townReviewDue: '12-20',
    districtAcceptanceDue: '12-31',
  },
  awardAmountYuan: 20000,
  awardOncePerUnit: true,
  items: QUANGANG_2016_ITEMS,
  deductionPoints: {
    noLeadingGroup: 5,
    noWorkSystem: 5,
    missingPlanElement: 2,
    missingLedger: 2,
    ledgerMismatchOnce: 2,
    ledgerMismatchPerFinding: 1,
    notComputerised: 3,
    visitPerPercentPoint: 1,
    difficultyContactPerPersonQuarter: 1,
    noInfoBoard: 2,
    missingMobilisation: 2,
    missingAssistanceService: 2,
    longUnemployedTarget: 3,
  },
  outcomeTexts: [
    '登记失业人员就业率达到80%以上(含灵活就业)',
    '城镇登记失业人员无连续一年以上失业',
    '“零就业家庭”基本消除',
    '有劳动能力和就业愿望的登记失业人员均推荐就业达二次以上',
  ],
  extraOutcomes: [],
});
