import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noBody, okBody } from '../../../api/common.ts';
import { personIdParams } from '../../../api/persons.ts';
import {
  evidenceFile,
  personSearchQuery,
  personSearchResult,
  recommendationAccept,
  serviceIdParams,
  serviceLedgerQuery,
  serviceRecord,
  serviceRecordDelete,
  serviceRecordInput,
  serviceRecordList,
  serviceRecordUpdate,
  serviceRequestFulfil,
  workQueueQuery,
  workQueueResponse,
} from '../../../api/services.ts';
import { MAX_EVIDENCE_BYTES } from '../../services/evidence.service.ts';
import { deleteRecordFile, readEvidenceFile } from '../../services/files.service.ts';
import { serviceLedgerWorkbook } from '../../services/service-export.service.ts';
import {
  acceptRecommendation,
  addServiceEvidence,
  createServiceRecord,
  deleteServiceRecord,
  fulfilServiceRequest,
  getServiceRecord,
  listServiceRecords,
  searchPersons,
  updateServiceRecord,
} from '../../services/service-record.service.ts';
import { getWorkQueues } from '../../services/work-queue.service.ts';
import { readUploadedFile, sendDownload, XLSX_MIME } from '../reply-file.ts';

/** 服务记录, the field form's search, evidence files, work queues and the service ledgers. */
export async function serviceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { permission: 'resident:read' as const } };
  const write = { access: { permission: 'resident:write' as const } };
  const tags = ['服务记录'];

  r.get(
    '/api/persons/search',
    {
      config: { ...read, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '快速查找人员（姓名、拼音首字母或身份证号）',
        querystring: personSearchQuery,
        response: { 200: personSearchResult },
      },
    },
    async (request) => searchPersons(request.ctx, request.query),
  );

  r.get(
    '/api/persons/:id/services',
    {
      config: read,
      schema: {
        tags,
        summary: '某人的服务记录',
        params: personIdParams,
        response: { 200: serviceRecordList },
      },
    },
    async (request) => listServiceRecords(request.ctx, request.params.id),
  );

  r.post(
    '/api/persons/:id/services',
    {
      config: write,
      schema: {
        tags,
        summary: '新增服务记录（日期默认今天，方式默认上门，经办人默认本人）',
        description: '推荐就业结果为“已录用”并填写 employment 时，同时登记就业并以“就业”注销失业登记。',
        params: personIdParams,
        body: serviceRecordInput,
        response: { 201: serviceRecord },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createServiceRecord(request.ctx, request.params.id, request.body);
    },
  );

  r.get(
    '/api/services/:id',
    {
      config: read,
      schema: { tags, summary: '服务记录详情', params: serviceIdParams, response: { 200: serviceRecord } },
    },
    async (request) => getServiceRecord(request.ctx, request.params.id),
  );

  r.post(
    '/api/services/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改服务记录（须带读取时的 version）',
        params: serviceIdParams,
        body: serviceRecordUpdate,
        response: { 200: serviceRecord },
      },
    },
    async (request) => updateServiceRecord(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/services/:id/delete',
    {
      config: write,
      schema: {
        tags,
        summary: '删除服务记录（移入已删除记录，记入审计）',
        params: serviceIdParams,
        body: serviceRecordDelete,
        response: { 200: okBody },
      },
    },
    async (request) => deleteServiceRecord(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/services/:id/fulfil',
    {
      config: write,
      schema: {
        tags,
        summary: '服务申请联系落实',
        params: serviceIdParams,
        body: serviceRequestFulfil,
        response: { 200: serviceRecord },
      },
    },
    async (request) => fulfilServiceRequest(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/services/:id/accept',
    {
      config: write,
      schema: {
        tags,
        summary: '推荐就业已录用：登记就业并注销失业登记',
        params: serviceIdParams,
        body: recommendationAccept,
        response: { 200: serviceRecord },
      },
    },
    async (request) => acceptRecommendation(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/services/:id/files',
    {
      config: write,
      schema: {
        tags,
        summary: '上传证明材料（照片或文件，字段 file，不超过 5 MB）',
        consumes: ['multipart/form-data'],
        params: serviceIdParams,
        response: { 201: evidenceFile.omit({ createdAt: true }) },
      },
    },
    async (request, reply) => {
      const upload = await readUploadedFile(request, MAX_EVIDENCE_BYTES);
      reply.status(201);
      return addServiceEvidence(request.ctx, request.params.id, upload);
    },
  );

  r.get(
    '/api/files/:id',
    {
      config: read,
      schema: { tags, summary: '下载证明材料（总以附件方式下载）', params: serviceIdParams },
    },
    async (request, reply) => sendDownload(reply, await readEvidenceFile(request.ctx, request.params.id)),
  );

  r.post(
    '/api/files/:id/delete',
    {
      config: write,
      schema: {
        tags,
        summary: '删除服务记录或村级工作的证明材料',
        params: serviceIdParams,
        body: noBody,
        response: { 200: okBody },
      },
    },
    async (request) => deleteRecordFile(request.ctx, request.params.id, ['service_record', 'unit_record']),
  );

  r.get(
    '/api/work-queues',
    {
      config: read,
      schema: {
        tags: ['工作提醒'],
        summary: '工作提醒（村（社区），或镇（街道）汇总），可指定日期',
        querystring: workQueueQuery,
        response: { 200: workQueueResponse },
      },
    },
    async (request) => getWorkQueues(request.ctx, request.query),
  );

  r.get(
    '/api/service-ledgers.xlsx',
    {
      config: { access: { permission: 'resident:export' }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags, summary: '服务记录台账（走访、推荐就业、培训）xlsx', querystring: serviceLedgerQuery },
    },
    async (request, reply) => {
      const file = await serviceLedgerWorkbook(request.ctx, request.query);
      return sendDownload(reply, { ...file, mime: XLSX_MIME });
    },
  );
}
