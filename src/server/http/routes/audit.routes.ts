import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditPage, auditQuery, auditVerifyResponse } from '../../../api/audit.ts';
import { listAuditPage, verifyAuditChain } from '../../services/audit.service.ts';

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags: ['审计'],
        summary: '审计记录（新在前）',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (request) => listAuditPage(request.ctx, request.query),
  );

  r.get(
    '/api/audit/verify',
    {
      config: { access: { permission: 'audit:read' } },
      schema: { tags: ['审计'], summary: '校验审计链', response: { 200: auditVerifyResponse } },
    },
    async (request) => verifyAuditChain(request.ctx.db),
  );
}
