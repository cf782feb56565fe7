import { daysLate, deadlineIn, getProfile } from '../../domain/profile.ts';
import {
  findAssessment,
  findPlan,
  findPlanById,
  findPlans,
  findUploadMeta,
  insertPlan,
  updatePlan,
} from '../repositories/assessment.repository.ts';
import { findUnits } from '../repositories/unit.repository.ts';
import { requireAssessedUnit } from './assessment-scorecard.service.ts';
import { readUpload, storeUpload, type AttachmentInput } from './assessment-upload.service.ts';
import { recordAudit } from './audit.service.ts';
import {
  AppError,
  assertInScope,
  inScope,
  isoNow,
  requireActor,
  today,
  type ServiceContext,
} from './context.ts';

/**
 * 实施方案 (四(二)): each town files its implementation plan with the district by 11-25. One per town and year;
 * filing again replaces it (optimistic version). Towns see their own, the district sees all.
 */

export async function fileImplementationPlan(
  ctx: ServiceContext,
  input: {
    year: number;
    title: string;
    note?: string | undefined;
    attachment: AttachmentInput;
    version: number;
  },
) {
  const actor = requireActor(ctx);
  const [town] = actor.unitCode ? await findUnits(ctx.db, { codes: [actor.unitCode] }) : [];
  if (!town || town.level !== 2)
    throw new AppError('FORBIDDEN', '只有镇（街道）劳动保障事务所可以报送实施方案');
  const profile = getProfile();
  const late = daysLate(profile, input.year, 'townPlanDue', today(ctx));
  const id = await ctx.db.transaction().execute(async (trx) => {
    const existing = await findPlan(trx, town.code, input.year);
    if ((existing?.version ?? 0) !== input.version) throw new AppError('VERSION_CONFLICT');
    const uploadId = await storeUpload(ctx, trx, 'implementation_plan', town.code, input.attachment);
    const fields = {
      title: input.title,
      note: input.note || null,
      upload_id: uploadId,
      filed_at: isoNow(ctx),
      filed_by: actor.userId,
      days_late: late,
    };
    let planId: number;
    if (existing) {
      if (!(await updatePlan(trx, existing.id, existing.version, fields)))
        throw new AppError('VERSION_CONFLICT');
      planId = existing.id;
    } else {
      planId = await insertPlan(trx, { ...fields, town_code: town.code, year: input.year, version: 1 });
    }
    await recordAudit(trx, ctx, {
      action: existing ? 'plan.refile' : 'plan.file',
      objectType: 'implementation_plan',
      objectId: planId,
      detail: { town: town.code, year: input.year, daysLate: late },
    });
    return planId;
  });
  return (await listPlans(ctx, input.year)).find((p) => p.id === id)!;
}

export async function listPlans(ctx: ServiceContext, year: number | undefined) {
  const actor = requireActor(ctx);
  const towns = (
    await findUnits(ctx.db, {
      codes: actor.scopeUnits === 'all' ? undefined : actor.scopeUnits,
      includeInactive: true,
    })
  ).filter((u) => u.level === 2);
  const name = new Map(towns.map((t) => [t.code, t.name]));
  const plans = await findPlans(
    ctx.db,
    year ?? null,
    towns.map((t) => t.code),
  );
  const files = new Map(
    (
      await findUploadMeta(
        ctx.db,
        plans.map((p) => p.upload_id).filter((i): i is number => i !== null),
      )
    ).map((f) => [f.id, f]),
  );
  const profile = getProfile();
  return plans.map((p) => {
    const f = p.upload_id !== null ? files.get(p.upload_id) : undefined;
    return {
      id: p.id,
      townCode: p.town_code,
      townName: name.get(p.town_code) ?? p.town_code,
      year: p.year,
      title: p.title,
      note: p.note,
      attachment: f ? { id: f.id, filename: f.filename, mime: f.mime, size: f.size } : null,
      filedAt: p.filed_at,
      daysLate: p.days_late,
      due: deadlineIn(profile, p.year, 'townPlanDue'),
      version: p.version,
    };
  });
}

/** The plan's document, within scope. */
export async function getPlanFile(ctx: ServiceContext, id: number) {
  const actor = requireActor(ctx);
  const plan = await findPlanById(ctx.db, id);
  if (!plan || !inScope(actor, plan.town_code) || plan.upload_id === null)
    throw new AppError('NOT_FOUND', '未找到该文件，或无权查看');
  return readUpload(ctx, plan.upload_id);
}

/** The 验收报告 attachment of an assessment, within scope. */
export async function getReportFile(ctx: ServiceContext, code: string, year: number) {
  const actor = requireActor(ctx);
  assertInScope(actor, code, '文件');
  await requireAssessedUnit(ctx, code);
  const row = await findAssessment(ctx.db, code, year);
  if (!row?.report_upload_id) throw new AppError('NOT_FOUND', '未找到该文件');
  return readUpload(ctx, row.report_upload_id);
}
