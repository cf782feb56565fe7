import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../services/context.ts';

/**
 * A download: always `Content-Disposition: attachment` (a stored file is never rendered by the browser, so an
 * uploaded page cannot run in the app's origin), the Chinese name per RFC 6266 / 5987, never cached.
 */
export function sendDownload(reply: FastifyReply, file: { filename: string; mime: string; bytes: Buffer }) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(file.mime)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .send(file.bytes);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The one file of a multipart upload (field `file`), read into memory within `maxBytes` (413 beyond). */
export async function readUploadedFile(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ filename: string; bytes: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('VALIDATION', '请以表单（multipart/form-data）上传文件，字段名 file', [
      { path: 'file', message: '请选择文件' },
    ]);
  try {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part)
      throw new AppError('VALIDATION', '请选择要上传的文件', [{ path: 'file', message: '请选择文件' }]);
    const bytes = await part.toBuffer();
    return { filename: part.filename || '附件', bytes };
  } catch (e) {
    // The form parser throws plain errors (no status) for a broken form: no boundary, a body cut short, a
    // malformed part header. That is the sender's fault; size limits carry their own status (413).
    if (e instanceof AppError || (e as { statusCode?: number }).statusCode !== undefined) throw e;
    throw new AppError('VALIDATION', '上传格式有误：请以 multipart/form-data 表单上传文件', [
      { path: 'file', message: '表单格式有误' },
    ]);
  }
}
