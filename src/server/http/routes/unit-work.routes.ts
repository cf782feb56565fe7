import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okBody } from '../../../api/common.ts';
import { evidenceFile } from '../../../api/services.ts';
import {
  activity,
  activityInput,
  activityList,
  activityQuery,
  activityUpdate,
  fileIdBody,
  recordDelete,
  recordIdParams,
  unitRecord,
  unitRecordInput,
  unitRecordList,
  unitRecordQuery,
  unitRecordUpdate,
} from '../../../api/unit-work.ts';
import { MAX_EVIDENCE_BYTES } from '../../services/evidence.service.ts';
import { deleteRecordFile } from '../../services/files.service.ts';
import {
  addActivityEvidence,
  addUnitRecordEvidence,
  createActivity,
  createUnitRecord,
  deleteActivity,
  deleteUnitRecord,
  getActivity,
  getUnitRecord,
  listActivities,
  listUnitRecords,
  updateActivity,
  updateUnitRecord,
} from '../../services/unit-work.service.ts';
import { readUploadedFile } from '../reply-file.ts';

/** 村级工作 of villages and communities; 宣传动员 and 业务培训 of towns and the district; their evidence files. */
export async function unitWorkRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { permission: 'resident:read' as const } };
  const write = { access: { permission: 'resident:write' as const } };
  const fileResponse = { 201: evidenceFile.omit({ createdAt: true }) };

  r.get(
    '/api/unit-records',
    {
      config: read,
      schema: {
        tags: ['村级工作'],
        summary: '村级工作记录（按年度）与六到位',
        querystring: unitRecordQuery,
        response: { 200: unitRecordList },
      },
    },
    async (request) => listUnitRecords(request.ctx, request.query),
  );

  r.post(
    '/api/unit-records',
    {
      config: write,
      schema: {
        tags: ['村级工作'],
        summary: '新增村级工作记录',
        body: unitRecordInput,
        response: { 201: unitRecord },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createUnitRecord(request.ctx, request.body);
    },
  );

  r.get(
    '/api/unit-records/:id',
    {
      config: read,
      schema: {
        tags: ['村级工作'],
        summary: '村级工作记录详情',
        params: recordIdParams,
        response: { 200: unitRecord },
      },
    },
    async (request) => getUnitRecord(request.ctx, request.params.id),
  );

  r.post(
    '/api/unit-records/:id',
    {
      config: write,
      schema: {
        tags: ['村级工作'],
        summary: '修改村级工作记录',
        params: recordIdParams,
        body: unitRecordUpdate,
        response: { 200: unitRecord },
      },
    },
    async (request) => updateUnitRecord(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/unit-records/:id/delete',
    {
      config: write,
      schema: {
        tags: ['村级工作'],
        summary: '删除村级工作记录',
        params: recordIdParams,
        body: recordDelete,
        response: { 200: okBody },
      },
    },
    async (request) => deleteUnitRecord(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/unit-records/:id/files',
    {
      config: write,
      schema: {
        tags: ['村级工作'],
        summary: '上传证明材料（字段 file，不超过 5 MB）',
        consumes: ['multipart/form-data'],
        params: recordIdParams,
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const upload = await readUploadedFile(request, MAX_EVIDENCE_BYTES);
      reply.status(201);
      return addUnitRecordEvidence(request.ctx, request.params.id, upload);
    },
  );

  const activityRead = { access: { permission: 'assessment:read' as const } };
  const activityWrite = { access: { permission: 'activity:write' as const } };

  r.get(
    '/api/activities',
    {
      config: activityRead,
      schema: {
        tags: ['镇区活动'],
        summary: '镇（街道）、区宣传动员和业务培训',
        querystring: activityQuery,
        response: { 200: activityList },
      },
    },
    async (request) => listActivities(request.ctx, request.query),
  );

  r.post(
    '/api/activities',
    {
      config: activityWrite,
      schema: {
        tags: ['镇区活动'],
        summary: '登记宣传动员或业务培训',
        body: activityInput,
        response: { 201: activity },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createActivity(request.ctx, request.body);
    },
  );

  r.get(
    '/api/activities/:id',
    {
      config: activityRead,
      schema: {
        tags: ['镇区活动'],
        summary: '活动详情',
        params: recordIdParams,
        response: { 200: activity },
      },
    },
    async (request) => getActivity(request.ctx, request.params.id),
  );

  r.post(
    '/api/activities/:id',
    {
      config: activityWrite,
      schema: {
        tags: ['镇区活动'],
        summary: '修改活动',
        params: recordIdParams,
        body: activityUpdate,
        response: { 200: activity },
      },
    },
    async (request) => updateActivity(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/activities/:id/delete',
    {
      config: activityWrite,
      schema: {
        tags: ['镇区活动'],
        summary: '删除活动',
        params: recordIdParams,
        body: recordDelete,
        response: { 200: okBody },
      },
    },
    async (request) => deleteActivity(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/activities/:id/files',
    {
      config: activityWrite,
      schema: {
        tags: ['镇区活动'],
        summary: '上传活动照片或材料（字段 file，不超过 5 MB）',
        consumes: ['multipart/form-data'],
        params: recordIdParams,
        response: fileResponse,
      },
    },
    async (request, reply) => {
      const upload = await readUploadedFile(request, MAX_EVIDENCE_BYTES);
      reply.status(201);
      return addActivityEvidence(request.ctx, request.params.id, upload);
    },
  );

  r.post(
    '/api/activities/:id/files/delete',
    {
      config: activityWrite,
      schema: {
        tags: ['镇区活动'],
        summary: '删除活动的材料',
        params: recordIdParams,
        body: fileIdBody,
        response: { 200: okBody },
      },
    },
    async (request) =>
      deleteRecordFile(request.ctx, request.body.fileId, ['town_activity'], request.params.id),
  );
}
