import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assessmentList,
  assessmentListQuery,
  assessmentParams,
  assessmentState,
  awardApproveRequest,
  awardProposeRequest,
  historyView,
  planIdParams,
  planQuery,
  planRequest,
  planView,
  profileView,
  rejectRequest,
  returnRequest,
  reviewRequest,
  scorecardQuery,
  scorecardView,
  selfAssessRequest,
  summaryQuery,
} from '../../../api/assessment.ts';
import { scorecardWorkbook, summaryWorkbook } from '../../services/assessment-export.service.ts';
import {
  fileImplementationPlan,
  getPlanFile,
  getReportFile,
  listPlans,
} from '../../services/assessment-plan.service.ts';
import {
  getScorecard,
  listAssessments,
  presentProfiles,
} from '../../services/assessment-scorecard.service.ts';
import {
  approveAwardStep,
  decideAssessment,
  forwardAssessment,
  getHistory,
  presentStep,
  proposeAward,
  returnAssessment,
  selfAssess,
} from '../../services/assessment-workflow.service.ts';

const stepView = z.object({
  unit: z.string(),
  year: z.number(),
  state: assessmentState,
  version: z.number(),
});
const TAGS = ['考核验收'];
/** a 1.5 MB attachment as base64 inside JSON */
const UPLOAD_BODY_LIMIT = 2_200_000;

function sendFile(reply: FastifyReply, file: { filename: string; mime?: string; bytes: Buffer }) {
  return reply
    .type(file.mime ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(file.bytes);
}

export async function assessmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { config: { access: { permission: 'assessment:read' as const } } };

  r.get(
    '/api/profiles',
    {
      ...read,
      schema: { tags: TAGS, summary: '考核标准版本', response: { 200: z.array(profileView) } },
    },
    async () => presentProfiles(),
  );

  r.get(
    '/api/assessments',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '可见范围内各村（社区）的考核状态与得分',
        querystring: assessmentListQuery,
        response: { 200: assessmentList },
      },
    },
    async (request) => listAssessments(request.ctx, request.query.year, request.query.town),
  );

  r.get(
    '/api/assessments/summary.xlsx',
    {
      ...read,
      schema: { tags: TAGS, summary: '考核汇总表（xlsx）', querystring: summaryQuery },
    },
    async (request, reply) =>
      sendFile(reply, await summaryWorkbook(request.ctx, request.query.year, request.query.town)),
  );

  r.get(
    '/api/assessments/:unit/:year/scorecard',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '考核评分表：计算得分、自评分、初核分、考核分与扣分依据',
        params: assessmentParams,
        querystring: scorecardQuery,
        response: { 200: scorecardView },
      },
    },
    async (request) => getScorecard(request.ctx, request.params.unit, request.params.year, request.query),
  );

  r.get(
    '/api/assessments/:unit/:year/table.xlsx',
    {
      ...read,
      schema: { tags: TAGS, summary: '考核评分标准表（xlsx，可打印）', params: assessmentParams },
    },
    async (request, reply) =>
      sendFile(reply, await scorecardWorkbook(request.ctx, request.params.unit, request.params.year)),
  );

  r.get(
    '/api/assessments/:unit/:year/report-file',
    {
      ...read,
      schema: { tags: TAGS, summary: '验收报告附件', params: assessmentParams },
    },
    async (request, reply) =>
      sendFile(reply, await getReportFile(request.ctx, request.params.unit, request.params.year)),
  );

  r.get(
    '/api/assessments/:unit/:year/history',
    {
      ...read,
      schema: { tags: TAGS, summary: '流转记录', params: assessmentParams, response: { 200: historyView } },
    },
    async (request) => getHistory(request.ctx, request.params.unit, request.params.year),
  );

  r.post(
    '/api/assessments/:unit/:year/self-assess',
    {
      bodyLimit: UPLOAD_BODY_LIMIT,
      config: { access: { permission: 'assessment:self' } },
      schema: {
        tags: TAGS,
        summary: '提交自评（村/社区）',
        params: assessmentParams,
        body: selfAssessRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(await selfAssess(request.ctx, request.params.unit, request.params.year, request.body)),
  );

  r.post(
    '/api/assessments/:unit/:year/return',
    {
      config: { access: { permission: 'assessment:review' } },
      schema: {
        tags: TAGS,
        summary: '退回村（社区）（镇/街道）',
        params: assessmentParams,
        body: returnRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(
        await returnAssessment(request.ctx, request.params.unit, request.params.year, request.body),
      ),
  );

  r.post(
    '/api/assessments/:unit/:year/forward',
    {
      config: { access: { permission: 'assessment:review' } },
      schema: {
        tags: TAGS,
        summary: '初核上报（镇/街道）',
        params: assessmentParams,
        body: reviewRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(
        await forwardAssessment(request.ctx, request.params.unit, request.params.year, request.body),
      ),
  );

  r.post(
    '/api/assessments/:unit/:year/accept',
    {
      config: { access: { permission: 'assessment:accept' } },
      schema: {
        tags: TAGS,
        summary: '验收合格（区）',
        params: assessmentParams,
        body: reviewRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(
        await decideAssessment(request.ctx, request.params.unit, request.params.year, request.body, true),
      ),
  );

  r.post(
    '/api/assessments/:unit/:year/reject',
    {
      config: { access: { permission: 'assessment:accept' } },
      schema: {
        tags: TAGS,
        summary: '验收不合格（区）',
        params: assessmentParams,
        body: rejectRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(
        await decideAssessment(request.ctx, request.params.unit, request.params.year, request.body, false),
      ),
  );

  r.post(
    '/api/assessments/:unit/:year/award/propose',
    {
      config: { access: { permission: 'award:propose' } },
      schema: {
        tags: TAGS,
        summary: '提出奖补（区考核）',
        params: assessmentParams,
        body: awardProposeRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(await proposeAward(request.ctx, request.params.unit, request.params.year, request.body)),
  );

  r.post(
    '/api/assessments/:unit/:year/award/approve',
    {
      config: { access: { permission: 'award:approve' } },
      schema: {
        tags: TAGS,
        summary: '批准奖补（区审批）',
        params: assessmentParams,
        body: awardApproveRequest,
        response: { 200: stepView },
      },
    },
    async (request) =>
      presentStep(
        await approveAwardStep(request.ctx, request.params.unit, request.params.year, request.body),
      ),
  );

  r.get(
    '/api/implementation-plans',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '镇（街道）实施方案',
        querystring: planQuery,
        response: { 200: z.array(planView) },
      },
    },
    async (request) => listPlans(request.ctx, request.query.year),
  );

  r.post(
    '/api/implementation-plans',
    {
      bodyLimit: UPLOAD_BODY_LIMIT,
      config: { access: { permission: 'assessment:review' } },
      schema: {
        tags: TAGS,
        summary: '报送实施方案（镇/街道）',
        body: planRequest,
        response: { 200: planView },
      },
    },
    async (request) => fileImplementationPlan(request.ctx, request.body),
  );

  r.get(
    '/api/implementation-plans/:id/file',
    {
      ...read,
      schema: { tags: TAGS, summary: '实施方案文件', params: planIdParams },
    },
    async (request, reply) => sendFile(reply, await getPlanFile(request.ctx, request.params.id)),
  );
}
