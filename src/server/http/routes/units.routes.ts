import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  loadUnitsRequest,
  loadUnitsResponse,
  mergeUnitRequest,
  renameUnitRequest,
  unitCodeParams,
  unitDetail,
  unitListQuery,
  unitView,
} from '../../../api/units.ts';
import { getUnit, listUnitsInScope, loadUnits, mergeUnit, renameUnit } from '../../services/unit.service.ts';

export async function unitRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/units',
    {
      config: { access: { permission: 'unit:read' } },
      schema: {
        tags: ['单位'],
        summary: '可见范围内的单位',
        querystring: unitListQuery,
        response: { 200: z.array(unitView) },
      },
    },
    async (request) => {
      const q = request.query;
      return listUnitsInScope(request.ctx, {
        ...(q.parentCode ? { parentCode: q.parentCode } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        includeInactive: q.includeInactive === 'true',
      });
    },
  );

  r.get(
    '/api/units/:code',
    {
      config: { access: { permission: 'unit:read' } },
      schema: {
        tags: ['单位'],
        summary: '单位详情与沿革',
        params: unitCodeParams,
        response: { 200: unitDetail },
      },
    },
    async (request) => getUnit(request.ctx, request.params.code),
  );

  r.post(
    '/api/admin/units/load',
    {
      config: { access: { permission: 'unit:manage' } },
      schema: {
        tags: ['单位'],
        summary: '导入区划（CSV 文本）',
        body: loadUnitsRequest,
        response: { 200: loadUnitsResponse },
      },
    },
    async (request) => loadUnits(request.ctx, request.body.csv),
  );

  r.post(
    '/api/admin/units/:code/rename',
    {
      config: { access: { permission: 'unit:manage' } },
      schema: {
        tags: ['单位'],
        summary: '单位更名（保留沿革）',
        params: unitCodeParams,
        body: renameUnitRequest,
        response: { 200: unitDetail },
      },
    },
    async (request) => renameUnit(request.ctx, request.params.code, request.body),
  );

  r.post(
    '/api/admin/units/:code/merge',
    {
      config: { access: { permission: 'unit:manage' } },
      schema: {
        tags: ['单位'],
        summary: '单位合并（保留沿革）',
        params: unitCodeParams,
        body: mergeUnitRequest,
        response: { 200: unitDetail },
      },
    },
    async (request) => mergeUnit(request.ctx, request.params.code, request.body),
  );
}
