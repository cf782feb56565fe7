import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  exportQuery,
  importJob,
  importJobParams,
  importQuery,
  MAX_REJECTED_IN_RESPONSE,
  type ImportJobBody,
} from '../../../api/ledger-io.ts';
import { exportLedger, ledgerTemplate } from '../../services/export.service.ts';
import {
  getImportJob,
  importErrorWorkbook,
  startImport,
  type ImportJobView,
} from '../../services/import.service.ts';
import { AppError } from '../../services/context.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An import job as the API shows it: no server paths, a bounded list of rejected cells. */
function presentJob(job: ImportJobView): ImportJobBody {
  const r = job.report;
  return {
    ...job,
    report: r && {
      applied: r.applied,
      partial: r.partial,
      filename: r.filename,
      sheets: r.sheets,
      counts: r.counts,
      total: r.total,
      rejected: r.rejected.slice(0, MAX_REJECTED_IN_RESPONSE),
      rejectedRows: r.rejectedRows,
      rejectedTruncated: r.rejected.length > MAX_REJECTED_IN_RESPONSE,
      warnings: r.warnings.slice(0, MAX_REJECTED_IN_RESPONSE),
      errorWorkbookUrl: r.errorWorkbook ? `/api/ledger/import/${job.id}/errors.xlsx` : null,
      message: r.message,
    },
  };
}

/** A download with its Chinese file name (RFC 6266 / 5987). */
function attachment(reply: FastifyReply, filename: string): FastifyReply {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(XLSX)
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
}

export async function ledgerIoRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/ledger/import',
    {
      config: { access: { permission: 'resident:write' }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['台账'],
        summary: '导入台账工作簿（.xlsx，或以表名命名的 .csv）',
        description:
          '表单字段 file 上传文件。默认有任何一行出错即不导入；partial=true 只导入正确的行。wait=false 立即返回导入编号，可轮询进度。',
        consumes: ['multipart/form-data'],
        querystring: importQuery,
        response: { 200: importJob, 202: importJob },
      },
    },
    async (request, reply) => {
      const part = await request.file().catch((e: { statusCode?: number }) => {
        // busboy refuses a form without a boundary with a bare Error: that is the sender's fault, not ours
        if (e.statusCode === undefined)
          throw new AppError('VALIDATION', '上传格式有误：请以 multipart/form-data 表单上传文件');
        throw e;
      });
      if (!part) throw new AppError('VALIDATION', '请选择要导入的文件');
      const wait = request.query.wait !== 'false';
      const job = await startImport(
        request.ctx,
        { stream: part.file, filename: path.basename(part.filename || 'upload.xlsx') },
        { partial: request.query.partial === 'true', wait },
      );
      return reply.status(wait ? 200 : 202).send(presentJob(job));
    },
  );

  r.get(
    '/api/ledger/import/:id',
    {
      config: { access: { permission: 'resident:write' } },
      schema: {
        tags: ['台账'],
        summary: '导入进度与结果',
        params: importJobParams,
        response: { 200: importJob },
      },
    },
    async (request) => presentJob(getImportJob(request.ctx, request.params.id)),
  );

  r.get(
    '/api/ledger/import/:id/errors.xlsx',
    {
      config: { access: { permission: 'resident:write' } },
      schema: { tags: ['台账'], summary: '带“错误说明”列的原文件', params: importJobParams },
    },
    async (request, reply) => {
      const { file, filename } = importErrorWorkbook(request.ctx, request.params.id);
      return attachment(reply, filename).send(fs.createReadStream(file));
    },
  );

  r.get(
    '/api/ledger/export',
    {
      config: { access: { permission: 'resident:export' }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['台账'],
        summary: '导出台账（默认脱敏，仅供阅读和打印）',
        description:
          'masked=false 导出完整号码（可修改后再导入），须有查看完整号码的权限并填写理由，记入审计。',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await exportLedger(request.ctx, {
        ledger: q.ledger,
        unit: q.unit ?? null,
        masked: q.masked !== 'false',
        reason: q.reason ?? null,
      });
      const stream = fs.createReadStream(result.file);
      stream.on('close', () =>
        fs.rm(path.dirname(result.file), { recursive: true, force: true }, () => undefined),
      );
      return attachment(reply, result.filename).send(stream);
    },
  );

  r.get(
    '/api/ledger/template',
    {
      config: { access: { permission: 'resident:read' } },
      schema: { tags: ['台账'], summary: '空白台账导入模板（含下拉列表）' },
    },
    async (request, reply) => {
      const t = await ledgerTemplate(request.ctx);
      return attachment(reply, t.filename).send(t.body);
    },
  );
}
