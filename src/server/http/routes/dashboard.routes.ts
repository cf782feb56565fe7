import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { writeAsBuilt } from '../types.ts';
import { z } from 'zod';
import {
  dashboardQuery,
  leagueView,
  overviewView,
  readinessView,
  refreshRequest,
  reportView,
  trendsView,
} from '../../../api/dashboard.ts';
import { annualReportWorkbook } from '../../services/dashboard-report.service.ts';
import {
  getAnnualReport,
  getLeague,
  getOverview,
  getReadiness,
  getTrends,
  refreshYear,
} from '../../services/dashboard.service.ts';

const TAGS = ['看板'];

export async function dashboardRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { config: { access: { permission: 'assessment:read' as const } } };

  r.get(
    '/api/dashboard/overview',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '总览：覆盖率与目标、达标预测、各镇（街道）、得分分布、扣分项目',
        querystring: dashboardQuery,
        response: { 200: overviewView },
      },
    },
    async (request) => getOverview(request.ctx, request.query),
  );

  r.get(
    '/api/dashboard/league',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '排行：各村（社区）得分、状态与指标',
        querystring: dashboardQuery,
        response: { 200: leagueView },
      },
      // A province's league is 17,498 rows (12 MB): re-validating each would cost a tenth of the request.
      serializerCompiler: writeAsBuilt,
    },
    async (request) => getLeague(request.ctx, request.query),
  );

  r.get(
    '/api/dashboard/readiness',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '晋级准备：已验收单位按省级星级标准的差距',
        querystring: dashboardQuery,
        response: { 200: readinessView },
      },
    },
    async (request) => getReadiness(request.ctx, request.query),
  );

  r.get(
    '/api/dashboard/trends',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '走势：各指标与平均得分逐年变化',
        querystring: dashboardQuery,
        response: { 200: trendsView },
      },
    },
    async (request) => getTrends(request.ctx, request.query),
  );

  r.get(
    '/api/dashboard/report',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '年度汇总（打印页的数据）',
        querystring: dashboardQuery,
        response: { 200: reportView },
      },
    },
    async (request) => getAnnualReport(request.ctx, request.query),
  );

  r.get(
    '/api/dashboard/report.xlsx',
    {
      ...read,
      schema: { tags: TAGS, summary: '年度汇总表（xlsx）', querystring: dashboardQuery },
    },
    async (request, reply) => {
      const file = await annualReportWorkbook(request.ctx, request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .send(file.bytes);
    },
  );

  r.post(
    '/api/dashboard/refresh',
    {
      ...read,
      schema: {
        tags: TAGS,
        summary: '重新计算可见范围内某一年度的看板结果',
        body: refreshRequest,
        response: { 200: z.object({ units: z.number() }) },
      },
    },
    async (request) => refreshYear(request.ctx, request.body.year),
  );
}
