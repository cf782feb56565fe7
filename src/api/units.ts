import { z } from 'zod';
import { text, unitCode, version } from './common.ts';

export const unitKind = z.enum(['district', 'town', 'village', 'community', 'other']);

export const unitView = z.object({
  code: z.string(),
  name: z.string(),
  officialName: z.string(),
  kind: unitKind,
  parentCode: z.string().nullable(),
  level: z.number(),
  active: z.boolean(),
  mergedInto: z.string().nullable(),
  version: z.number(),
});
export type UnitView = z.infer<typeof unitView>;

export const unitDetail = unitView.extend({
  parentName: z.string().nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      oldValue: z.string().nullable(),
      newValue: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});
export type UnitDetail = z.infer<typeof unitDetail>;

export const unitListQuery = z.object({
  parentCode: unitCode.optional(),
  kind: unitKind.optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const unitCodeParams = z.object({ code: unitCode });

export const renameUnitRequest = z.object({
  officialName: text(100).pipe(z.string().min(1, '名称不能为空')),
  version,
  note: text(200).optional(),
});
export const mergeUnitRequest = z.object({ into: unitCode, version, note: text(200).optional() });

export const loadUnitsRequest = z.object({ csv: text(2_000_000).pipe(z.string().min(1, '文件为空')) });
export const loadUnitsResponse = z.object({
  created: z.number(),
  renamed: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
});
