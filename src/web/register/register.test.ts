import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number.ts';
import { ApiError, attachmentName } from '../api/client.ts';
import { groupFindings } from '../pages/findings/index.tsx';
import { duplicateOf } from './duplicate.ts';
import { recognitionStatus } from './labels.ts';
import { cleanForm, idNumberRule } from './PersonFields.tsx';

const conflict = (message: string) =>
  new ApiError({
    status: 409,
    code: 'CONFLICT',
    message: '已登记',
    details: [{ path: 'idNumber', message }],
  });

describe('duplicateOf', () => {
  it('links to the person when the number is already in this unit', () => {
    expect(duplicateOf(conflict('existing:42'))).toEqual({
      kind: 'existing',
      personId: 42,
      message: '已登记',
    });
  });
  it('offers a transfer when the number lives in another unit', () => {
    expect(duplicateOf(conflict('otherUnit:350505001001'))).toMatchObject({
      kind: 'otherUnit',
      unitCode: '350505001001',
    });
  });
  it('ignores conflicts of any other shape', () => {
    expect(duplicateOf(conflict('something else'))).toBeNull();
    expect(duplicateOf(new ApiError({ status: 409, code: 'VERSION_CONFLICT', message: 'x' }))).toBeNull();
  });
});

describe('idNumberRule', () => {
  it('accepts a valid number and refuses a wrong check digit with the expected one', async () => {
    const id = makeIdNumber('350505', '1980-05-12', 22);
    await expect(idNumberRule.validator(null, id)).resolves.toBeUndefined();
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    await expect(idNumberRule.validator(null, wrong)).rejects.toThrow(`校验位错误，应为 ${id[17]}`);
  });
  it('leaves an empty field to the required rule', async () => {
    await expect(idNumberRule.validator(null, '')).resolves.toBeUndefined();
  });
});

describe('recognitionStatus', () => {
  const r = { id: 1, recognized: '2026-01-10', deadline: '2026-03-31', eliminated: null };
  it('is red once the deadline has passed without elimination', () => {
    expect(recognitionStatus(r, '2026-04-01').color).toBe('red');
    expect(recognitionStatus(r, '2026-03-31').color).toBe('blue');
  });
  it('tells an elimination in time from a late one', () => {
    expect(recognitionStatus({ ...r, eliminated: '2026-03-31' }, '2026-05-01').text).toContain('按期');
    expect(recognitionStatus({ ...r, eliminated: '2026-04-01' }, '2026-05-01').text).toContain('逾期');
  });
});

describe('groupFindings', () => {
  it('puts the findings that cost points before the warnings', () => {
    const f = (severity: 'finding' | 'warning', message: string) => ({
      kind: 'k',
      severity,
      message,
      person: null,
      householdId: null,
      recordId: null,
    });
    const g = groupFindings([f('warning', 'w1'), f('finding', 'f1'), f('finding', 'f2')]);
    expect(g.findings.map((x) => x.message)).toEqual(['f1', 'f2']);
    expect(g.warnings.map((x) => x.message)).toEqual(['w1']);
  });
});

describe('cleanForm', () => {
  it('drops blank inputs and trims the rest', () => {
    expect(cleanForm({ name: ' 陈美玲 ', phone: '  ', note: undefined })).toEqual({ name: '陈美玲' });
  });
});

describe('attachmentName', () => {
  it('prefers the UTF-8 file name of a download', () => {
    const h = `attachment; filename="____.xlsx"; filename*=UTF-8''${encodeURIComponent('劳动力台账.xlsx')}`;
    expect(attachmentName(h, 'x.xlsx')).toBe('劳动力台账.xlsx');
    expect(attachmentName(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
