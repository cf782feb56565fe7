import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { findUpload, insertUpload } from '../repositories/assessment.repository.ts';
import { inspectOfficeDocument } from '../io/office-guard.ts';
import { WorkbookRefused } from '../io/zip-guard.ts';
import { AppError, isoNow, type ServiceContext } from './context.ts';

/** A document sent as JSON (base64). Kept in the database, so a backup holds it with the records it supports. */
export interface AttachmentInput {
  filename: string;
  mime: string;
  contentBase64: string;
}

export const MAX_UPLOAD_BYTES = 1_500_000;

/** Accepted kinds, told by the file's first bytes (never by its name or declared type alone). */
const KINDS: { ext: readonly string[]; mime: string; magic: (b: Buffer) => boolean }[] = [
  { ext: ['pdf'], mime: 'application/pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    ext: ['png'],
    mime: 'image/png',
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { ext: ['jpg', 'jpeg'], mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    ext: ['docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  {
    ext: ['xlsx'],
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  {
    ext: ['doc'],
    mime: 'application/msword',
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  },
];

/** Decodes and checks an attachment: size, an accepted extension, and content that matches it. */
export function checkAttachment(input: AttachmentInput): { bytes: Buffer; mime: string; filename: string } {
  // a file far too large is refused by the length of its text, before megabytes are decoded for nothing
  // (the margin leaves room for line breaks, which base64 may carry; the exact size is checked below)
  if (decodedLength(input.contentBase64) > MAX_UPLOAD_BYTES * 1.05) {
    const problem = '文件过大（不能超过 1.5 MB）';
    throw new AppError('VALIDATION', problem, [{ path: 'attachment', message: problem }]);
  }
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const filename = input.filename.replace(/[\\/]/g, '_').trim();
  const ext = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
  const kind = KINDS.find((k) => k.ext.includes(ext));
  const problem =
    bytes.length === 0
      ? '文件为空'
      : bytes.length > MAX_UPLOAD_BYTES
        ? '文件过大（不能超过 1.5 MB）'
        : !kind
          ? `不支持的文件类型（可上传 ${KINDS.flatMap((k) => k.ext).join('、')}）`
          : !kind.magic(bytes)
            ? '文件内容与扩展名不符'
            : null;
  if (problem) throw new AppError('VALIDATION', problem, [{ path: 'attachment', message: problem }]);
  return { bytes, mime: kind!.mime, filename };
}

/** The bytes a base64 text decodes to if it holds no whitespace (with whitespace, fewer). */
function decodedLength(base64: string): number {
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
}

/**
 * {@link checkAttachment}, and for a Word or Excel file the checks of an uploaded workbook (office-guard.ts):
 * no macros, no DTDs, no zip bomb.
 */
export async function inspectAttachment(
  input: AttachmentInput,
): Promise<{ bytes: Buffer; mime: string; filename: string }> {
  const checked = checkAttachment(input);
  if (checked.mime.startsWith('application/vnd.openxmlformats-officedocument.')) {
    try {
      await inspectOfficeDocument(checked.bytes);
    } catch (e) {
      if (!(e instanceof WorkbookRefused)) throw e;
      throw new AppError('VALIDATION', e.message, [{ path: 'attachment', message: e.message }]);
    }
  }
  return checked;
}

/** Stores an attachment in the caller's transaction; returns its id. */
export async function storeUpload(
  ctx: ServiceContext,
  trx: Transaction<Database>,
  kind: string,
  unitCode: string,
  input: AttachmentInput,
): Promise<number> {
  const { bytes, mime, filename } = await inspectAttachment(input);
  return insertUpload(trx, {
    kind,
    unit_code: unitCode,
    filename,
    mime,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes.toString('base64'),
    created_by: ctx.actor?.userId ?? null,
    created_at: isoNow(ctx),
  });
}

/** The bytes of an upload (the caller has checked that the actor may see what it belongs to). */
export async function readUpload(ctx: ServiceContext, id: number) {
  const row = await findUpload(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '未找到该文件');
  return { filename: row.filename, mime: row.mime, bytes: Buffer.from(row.content, 'base64') };
}
