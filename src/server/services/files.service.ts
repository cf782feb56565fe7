import type { EvidenceOwner } from '../repositories/evidence.repository.ts';
import { AppError, type ServiceContext } from './context.ts';
import { evidenceBytes, loadEvidence, removeEvidence } from './evidence.service.ts';
import { checkServiceRecordAccess } from './service-record.service.ts';
import { checkActivityAccess, checkUnitRecordAccess } from './unit-work.service.ts';

/** Whether the actor may see (or change) the record a file belongs to; NOT_FOUND otherwise. */
function ownerCheck(ctx: ServiceContext, forWrite: boolean) {
  return async (type: EvidenceOwner, id: number) => {
    if (type === 'service_record') return checkServiceRecordAccess(ctx, id, forWrite);
    if (type === 'unit_record') return checkUnitRecordAccess(ctx, id);
    return checkActivityAccess(ctx, id, forWrite);
  };
}

/** 下载证明材料 — the bytes with the type told by their content; the route sends them as an attachment. */
export async function readEvidenceFile(ctx: ServiceContext, id: number) {
  const meta = await loadEvidence(ctx, id, ownerCheck(ctx, false));
  return { filename: meta.filename, mime: meta.mime, bytes: await evidenceBytes(ctx, id) };
}

/** 删除证明材料 of a service or unit record (an activity's files go through the activity). */
export async function deleteRecordFile(
  ctx: ServiceContext,
  id: number,
  ownerTypes: readonly EvidenceOwner[],
  ownerId?: number,
) {
  const meta = await loadEvidence(ctx, id, ownerCheck(ctx, true));
  if (!ownerTypes.includes(meta.owner_type) || (ownerId !== undefined && meta.owner_id !== ownerId))
    throw new AppError('NOT_FOUND', '未找到该文件');
  await removeEvidence(ctx, meta);
  return { ok: true as const };
}
