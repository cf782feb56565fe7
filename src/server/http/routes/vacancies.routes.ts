import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okBody } from '../../../api/common.ts';
import { personIdParams } from '../../../api/persons.ts';
import { serviceRecord } from '../../../api/services.ts';
import { recordDelete } from '../../../api/unit-work.ts';
import {
  board,
  boardQuery,
  recommendInput,
  seekerMatches,
  vacancy,
  vacancyIdParams,
  vacancyInput,
  vacancyList,
  vacancyMatches,
  vacancyQuery,
  vacancyUpdate,
} from '../../../api/vacancies.ts';
import { boardWorkbook } from '../../services/service-export.service.ts';
import {
  createVacancy,
  deleteVacancy,
  getBoard,
  getVacancy,
  listVacancies,
  matchSeekersForVacancy,
  matchVacanciesForPerson,
  recommendVacancy,
  updateVacancy,
} from '../../services/vacancy.service.ts';
import { sendDownload, XLSX_MIME } from '../reply-file.ts';
import { z } from 'zod';
import { isoDate } from '../../../api/common.ts';

/** 岗位信息, the 信息发布栏 and matching between vacancies and job seekers. */
export async function vacancyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { permission: 'resident:read' as const } };
  const write = { access: { permission: 'resident:write' as const } };
  const tags = ['岗位'];
  const dateQuery = z.object({ date: isoDate.optional() });

  r.get(
    '/api/vacancies',
    {
      config: read,
      schema: { tags, summary: '岗位列表', querystring: vacancyQuery, response: { 200: vacancyList } },
    },
    async (request) => listVacancies(request.ctx, request.query),
  );

  r.post(
    '/api/vacancies',
    {
      config: write,
      schema: { tags, summary: '新增岗位信息', body: vacancyInput, response: { 201: vacancy } },
    },
    async (request, reply) => {
      reply.status(201);
      return createVacancy(request.ctx, request.body);
    },
  );

  r.get(
    '/api/vacancies/:id',
    {
      config: read,
      schema: { tags, summary: '岗位详情', params: vacancyIdParams, response: { 200: vacancy } },
    },
    async (request) => getVacancy(request.ctx, request.params.id),
  );

  r.post(
    '/api/vacancies/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改岗位信息（含下架：closedOn）',
        params: vacancyIdParams,
        body: vacancyUpdate,
        response: { 200: vacancy },
      },
    },
    async (request) => updateVacancy(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/vacancies/:id/delete',
    {
      config: write,
      schema: {
        tags,
        summary: '删除岗位信息',
        params: vacancyIdParams,
        body: recordDelete,
        response: { 200: okBody },
      },
    },
    async (request) => deleteVacancy(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/vacancies/:id/matches',
    {
      config: read,
      schema: {
        tags,
        summary: '与岗位匹配的求职者（本人权限范围内）',
        params: vacancyIdParams,
        querystring: dateQuery,
        response: { 200: seekerMatches },
      },
    },
    async (request) => matchSeekersForVacancy(request.ctx, request.params.id, request.query.date),
  );

  r.post(
    '/api/vacancies/:id/recommend',
    {
      config: write,
      schema: {
        tags,
        summary: '推荐此岗位：登记一条推荐就业记录',
        params: vacancyIdParams,
        body: recommendInput,
        response: { 201: serviceRecord },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return recommendVacancy(request.ctx, request.params.id, request.body);
    },
  );

  r.get(
    '/api/persons/:id/vacancy-matches',
    {
      config: read,
      schema: {
        tags,
        summary: '为求职者推荐的岗位',
        params: personIdParams,
        querystring: dateQuery,
        response: { 200: vacancyMatches },
      },
    },
    async (request) => matchVacanciesForPerson(request.ctx, request.params.id, request.query.date),
  );

  r.get(
    '/api/board',
    {
      config: read,
      schema: {
        tags,
        summary: '信息发布栏（本单位及上级镇、区的在招岗位）',
        querystring: boardQuery,
        response: { 200: board },
      },
    },
    async (request) => getBoard(request.ctx, request.query),
  );

  r.get(
    '/api/board.xlsx',
    {
      config: read,
      schema: { tags, summary: '信息发布栏（可打印 xlsx）', querystring: boardQuery },
    },
    async (request, reply) =>
      sendDownload(reply, { ...(await boardWorkbook(request.ctx, request.query)), mime: XLSX_MIME }),
  );
}
