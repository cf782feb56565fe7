import type { ApiError } from '../api/client.ts';

/** What a 409 on create says: the number is already here (link) or in another unit (offer a transfer). */
export type Duplicate =
  | { kind: 'existing'; personId: number; message: string }
  | { kind: 'otherUnit'; unitCode: string; message: string };

export function duplicateOf(e: ApiError): Duplicate | null {
  if (e.code !== 'CONFLICT') return null;
  const detail = e.details.find((d) => d.path === 'idNumber')?.message ?? '';
  const [kind, value = ''] = detail.split(':');
  if (kind === 'existing' && /^\d+$/.test(value))
    return { kind: 'existing', personId: Number(value), message: e.message };
  if (kind === 'otherUnit' && /^\d{12}$/.test(value))
    return { kind: 'otherUnit', unitCode: value, message: e.message };
  return null;
}
