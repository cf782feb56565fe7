import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { writeAsBuilt } from '../types.ts';
import {
  difficultyExit,
  difficultyRecognise,
  employmentEnd,
  employmentStart,
  findingsQuery,
  findingsResponse,
  householdDetail,
  householdIdParams,
  ledgerKind,
  ledgerPage,
  ledgerQuery,
  personDetail,
  personForm,
  personIdParams,
  personUpdate,
  registrationClose,
  registrationOpen,
  revealRequest,
  revealResponse,
  transferIn,
  zeroEmploymentRecognise,
} from '../../../api/persons.ts';
import { z } from 'zod';
import {
  closeRegistration,
  createPerson,
  endEmployment,
  exitDifficulty,
  getHousehold,
  getPersonDetail,
  listFindings,
  listLedger,
  openRegistration,
  recogniseDifficulty,
  recogniseZeroEmployment,
  revealPersonField,
  startEmployment,
  transferIn as transferPersonIn,
  updatePerson,
} from '../../services/person.service.ts';

export async function personRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { permission: 'resident:read' as const } };
  const write = { access: { permission: 'resident:write' as const } };

  // search and paging of the register: generous for people, a wall for a scraper
  r.get(
    '/api/ledgers/:ledger',
    {
      config: { ...read, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['台账'],
        summary: '台账列表（劳动力/失业人员/就业困难人员/精准扶贫劳动力/全部）',
        params: z.object({ ledger: ledgerKind }),
        querystring: ledgerQuery,
        response: { 200: ledgerPage },
      },
      // the register's most frequent request: its lines are built field by field (presentListItem)
      serializerCompiler: writeAsBuilt,
    },
    async (request) => listLedger(request.ctx, { ledger: request.params.ledger, ...request.query }),
  );

  r.post(
    '/api/persons',
    {
      config: write,
      schema: { tags: ['人员'], summary: '新增人员', body: personForm, response: { 201: personDetail } },
    },
    async (request, reply) => {
      reply.status(201);
      return createPerson(request.ctx, request.body);
    },
  );

  r.get(
    '/api/persons/:id',
    {
      config: read,
      schema: {
        tags: ['人员'],
        summary: '人员详情与时间线（脱敏）',
        params: personIdParams,
        response: { 200: personDetail },
      },
    },
    async (request) => getPersonDetail(request.ctx, request.params.id),
  );

  r.post(
    '/api/persons/:id',
    {
      config: write,
      schema: {
        tags: ['人员'],
        summary: '修改人员信息',
        params: personIdParams,
        body: personUpdate,
        response: { 200: personDetail },
      },
    },
    async (request) => updatePerson(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/persons/:id/reveal',
    {
      config: { access: { permission: 'resident:reveal' }, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['人员'],
        summary: '查看完整号码（须填写原因，记入审计）',
        params: personIdParams,
        body: revealRequest,
        response: { 200: revealResponse },
      },
    },
    async (request) => revealPersonField(request.ctx, request.params.id, request.body),
  );

  const history = [
    ['/api/persons/:id/employment', '就业登记', employmentStart, startEmployment],
    ['/api/persons/:id/employment/end', '离职', employmentEnd, endEmployment],
    ['/api/persons/:id/registrations', '失业登记', registrationOpen, openRegistration],
    ['/api/persons/:id/registrations/close', '注销失业登记', registrationClose, closeRegistration],
    ['/api/persons/:id/difficulty', '就业困难人员认定', difficultyRecognise, recogniseDifficulty],
    ['/api/persons/:id/difficulty/exit', '退出就业困难人员', difficultyExit, exitDifficulty],
  ] as const;
  for (const [url, summary, body, action] of history) {
    r.post(
      url,
      {
        config: write,
        schema: { tags: ['人员'], summary, params: personIdParams, body, response: { 200: personDetail } },
      },
      async (request) =>
        (
          action as (
            ctx: typeof request.ctx,
            id: number,
            input: unknown,
          ) => ReturnType<typeof startEmployment>
        )(request.ctx, request.params.id, request.body),
    );
  }

  r.post(
    '/api/persons/transfer-in',
    {
      config: write,
      schema: {
        tags: ['人员'],
        summary: '迁入（同一人，保留历史）',
        body: transferIn,
        response: { 200: personDetail },
      },
    },
    async (request) => transferPersonIn(request.ctx, request.body),
  );

  r.get(
    '/api/households/:id',
    {
      config: read,
      schema: {
        tags: ['人员'],
        summary: '户详情与零就业家庭认定',
        params: householdIdParams,
        response: { 200: householdDetail },
      },
    },
    async (request) => getHousehold(request.ctx, request.params.id),
  );

  r.post(
    '/api/households/:id/zero-employment',
    {
      config: write,
      schema: {
        tags: ['人员'],
        summary: '零就业家庭认定',
        params: householdIdParams,
        body: zeroEmploymentRecognise,
        response: { 200: householdDetail },
      },
    },
    async (request) => recogniseZeroEmployment(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/findings',
    {
      config: read,
      schema: {
        tags: ['台账'],
        summary: '数据质量问题（扣分项与提示）',
        querystring: findingsQuery,
        response: { 200: findingsResponse },
      },
    },
    async (request) => listFindings(request.ctx, request.query.unit, request.query.date),
  );
}
