import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import {
  deleteEvidenceFile,
  insertDeletedRecord,
  findEvidenceContent,
  findEvidenceMeta,
  findEvidenceOf,
  insertEvidenceFile,
  type EvidenceOwner,
} from '../repositories/evidence.repository.ts';
import { inspectOfficeDocument } from '../io/office-guard.ts';
import { WorkbookRefused } from '../io/zip-guard.ts';
import { recordAudit } from './audit.service.ts';
import { AppError, isoNow, type ServiceContext } from './context.ts';

/** Photos from a phone are a few MB; scanned documents rarely more. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/**
 * Accepted kinds, recognised by their first bytes — never by the name or the declared type, so an HTML page
 * or a script renamed to .jpg is refused. Office files are ZIP (docx/xlsx) or OLE (doc/xls) containers.
 */
const KINDS: { mime: string; ext: string; magic: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: 'png',
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/gif',
    ext: 'gif',
    magic: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  },
  {
    mime: 'image/webp',
    ext: 'webp',
    magic: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  {
    mime: 'image/heic',
    ext: 'heic',
    magic: (b) =>
      b.subarray(4, 8).toString('latin1') === 'ftyp' &&
      ['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(b.subarray(8, 12).toString('latin1')),
  },
  { mime: 'application/pdf', ext: 'pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    mime: 'application/zip',
    ext: 'zip',
    magic: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  {
    mime: 'application/x-ole-storage',
    ext: 'doc',
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  },
];
const OFFICE_ZIP: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const OFFICE_OLE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel' };

/** What a file's extension promises, for the extensions of the accepted kinds. */
const EXTENSION_PROMISES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heic',
  pdf: 'application/pdf',
  ...OFFICE_ZIP,
  ...OFFICE_OLE,
};

export const ACCEPTED_EVIDENCE_TEXT = 'jpg、png、gif、webp、heic 照片，pdf、Word、Excel 文档';

/** What the content is, from its bytes (an Office container refined by its extension); null when refused. */
export function sniffEvidence(bytes: Buffer, filename: string): string | null {
  const kind = KINDS.find((k) => k.magic(bytes));
  if (!kind) return null;
  const ext = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
  if (kind.mime === 'application/zip') return OFFICE_ZIP[ext] ?? null;
  if (kind.mime === 'application/x-ole-storage') return OFFICE_OLE[ext] ?? null;
  return kind.mime;
}

/** A file name safe to store and to send back in a header: no path, no control characters, bounded. */
export function safeFilename(name: string): string {
  const cleaned = name
    .replace(/[\\/]/g, '_')
    // eslint-disable-next-line no-control-regex -- the point is to drop control characters
    .replace(/[\u0000-\u001f\u007f"<>|:*?\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  return (cleaned || '附件').slice(-120);
}

export interface EvidenceUpload {
  filename: string;
  bytes: Buffer;
}

/**
 * Whether a file may be kept, and as what: its size, a kind told by its first bytes, an extension that does not
 * lie about it (a PDF or a program renamed .xlsx is refused), and for a Word, Excel or PowerPoint file the
 * checks of an uploaded workbook (office-guard.ts: no macros, no DTDs, no zip bomb). Throws AppError.
 */
export async function checkEvidence(upload: EvidenceUpload): Promise<{ filename: string; mime: string }> {
  if (upload.bytes.length > MAX_EVIDENCE_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', '文件过大（不能超过 5 MB）');
  if (upload.bytes.length === 0)
    throw new AppError('VALIDATION', '文件为空', [{ path: 'file', message: '文件为空' }]);
  const filename = safeFilename(upload.filename);
  const mime = sniffEvidence(upload.bytes, filename);
  if (!mime)
    throw new AppError('VALIDATION', `不支持的文件类型（可上传 ${ACCEPTED_EVIDENCE_TEXT}）`, [
      { path: 'file', message: '不支持的文件类型' },
    ]);
  const ext = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
  const promised = EXTENSION_PROMISES[ext];
  if (promised && promised !== mime)
    throw new AppError(
      'VALIDATION',
      `文件内容与扩展名 .${ext} 不符（可能是改了扩展名的其他文件），请上传原始文件`,
      [{ path: 'file', message: '文件内容与扩展名不符' }],
    );
  if (Object.values(OFFICE_ZIP).includes(mime)) {
    try {
      await inspectOfficeDocument(upload.bytes);
    } catch (e) {
      if (!(e instanceof WorkbookRefused)) throw e;
      throw new AppError('VALIDATION', e.message, [{ path: 'file', message: e.message }]);
    }
  }
  return { filename, mime };
}

/** Checks ({@link checkEvidence}) and stores one file for a record in the caller's transaction; the caller has checked scope. */
export async function storeEvidence(
  ctx: ServiceContext,
  trx: Transaction<Database>,
  owner: { type: EvidenceOwner; id: number; unitCode: string },
  upload: EvidenceUpload,
): Promise<{ id: number; filename: string; mime: string; size: number }> {
  const { filename, mime } = await checkEvidence(upload);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const id = await insertEvidenceFile(trx, {
    owner_type: owner.type,
    owner_id: owner.id,
    unit_code: owner.unitCode,
    filename,
    mime,
    size: upload.bytes.length,
    sha256,
    content: upload.bytes,
    created_by: ctx.actor?.userId ?? null,
    created_at: isoNow(ctx),
  });
  await recordAudit(trx, ctx, {
    action: 'evidence.add',
    objectType: owner.type,
    objectId: owner.id,
    detail: { file: id, filename, mime, size: upload.bytes.length, sha256 },
  });
  return { id, filename, mime, size: upload.bytes.length };
}

export interface EvidenceView {
  id: number;
  filename: string;
  mime: string;
  size: number;
  createdAt: string;
}

/** File lists of many records, keyed by record id. */
export async function evidenceOf(
  ctx: ServiceContext,
  ownerType: EvidenceOwner,
  ids: readonly number[],
): Promise<Map<number, EvidenceView[]>> {
  const rows = await findEvidenceOf(ctx.db, ownerType, ids);
  const map = new Map<number, EvidenceView[]>();
  for (const r of rows) {
    const list = map.get(r.owner_id) ?? [];
    list.push({
      id: r.id,
      filename: r.filename,
      mime: r.mime,
      size: Number(r.size),
      createdAt: r.created_at,
    });
    map.set(r.owner_id, list);
  }
  return map;
}

/**
 * A file's metadata, after `checkOwner` has confirmed the actor may see (or change) the record it belongs to.
 * The check answers NOT_FOUND outside scope, so a file's existence is not disclosed either.
 */
export async function loadEvidence(
  ctx: ServiceContext,
  id: number,
  checkOwner: (type: EvidenceOwner, ownerId: number) => Promise<void>,
) {
  const meta = await findEvidenceMeta(ctx.db, id);
  if (!meta) throw new AppError('NOT_FOUND', '未找到该文件');
  await checkOwner(meta.owner_type, meta.owner_id);
  return meta;
}

/** The bytes of a file whose owner the caller has checked. */
export async function evidenceBytes(ctx: ServiceContext, id: number): Promise<Buffer> {
  const row = await findEvidenceContent(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '未找到该文件');
  return Buffer.from(row.content);
}

/** Removes a file (its owner checked by the caller); the audit keeps its name and checksum. */
export async function removeEvidence(
  ctx: ServiceContext,
  meta: { id: number; owner_type: EvidenceOwner; owner_id: number; filename: string; sha256: string },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteEvidenceFile(trx, meta.id);
    await recordAudit(trx, ctx, {
      action: 'evidence.delete',
      objectType: meta.owner_type,
      objectId: meta.owner_id,
      detail: { file: meta.id, filename: meta.filename, sha256: meta.sha256 },
    });
  });
}

/**
 * Soft delete, second half (the caller has deleted the live row with its version check): the row moves whole
 * into the archive of deleted records, and the audit trail says who deleted what and why — one transaction.
 */
export async function archiveDeleted(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  what: {
    type: 'service_record' | 'unit_record' | 'town_activity' | 'vacancy';
    id: number;
    unitCode: string;
    personId?: number;
    row: object;
    reason?: string | undefined;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  const reason = what.reason ?? null;
  await insertDeletedRecord(trx, {
    record_type: what.type,
    record_id: what.id,
    unit_code: what.unitCode,
    person_id: what.personId ?? null,
    data: JSON.stringify(what.row),
    reason,
    deleted_by: ctx.actor?.userId ?? null,
    deleted_at: isoNow(ctx),
  });
  await recordAudit(trx, ctx, {
    action: `${what.type === 'service_record' ? 'service' : what.type === 'town_activity' ? 'activity' : what.type}.delete`,
    objectType: what.type,
    objectId: what.id,
    detail: {
      unit: what.unitCode,
      ...(what.personId ? { person: what.personId } : {}),
      ...what.detail,
      reason,
    },
  });
}
