import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './id-number.ts';
import {
  SHEET_COLUMNS,
  matchSheetName,
  validateHistoryRow,
  validateServiceRow,
  validateUnitRecordRow,
  validateZeroEmploymentRow,
} from './ledger-rows.ts';

const TODAY = '2026-11-26';
const ID = makeIdNumber('350505', '1980-05-17', 123);

describe('validateHistoryRow', () => {
  it('accepts an employment event and keeps its form and employer', () => {
    const r = validateHistoryRow(
      { 身份证号: ID, 日期: '2026/3/1', 事件: '就业', 就业形式: '单位就业', 就业单位: '泉港石化' },
      TODAY,
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      entry: {
        idNumber: ID,
        date: '2026-03-01',
        event: '就业',
        form: '单位就业',
        employer: '泉港石化',
        closeReason: null,
      },
    });
  });

  it('requires a form for 就业 and a reason for 注销失业登记', () => {
    const a = validateHistoryRow({ 身份证号: ID, 日期: '2026-03-01', 事件: '就业' }, TODAY);
    const b = validateHistoryRow({ 身份证号: ID, 日期: '2026-03-01', 事件: '注销失业登记' }, TODAY);
    expect(a.ok || a.errors).toEqual([{ column: '就业形式', message: '事件为“就业”时必填' }]);
    expect(b.ok || b.errors).toEqual([{ column: '注销原因', message: '事件为“注销失业登记”时必填' }]);
  });

  it('refuses an unknown event and an invalid ID number, naming each column', () => {
    const r = validateHistoryRow({ 身份证号: '350505198005171234', 日期: '2026-03-01', 事件: '入职' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.column)).toEqual(['身份证号', '事件']);
  });
});

describe('validateServiceRow', () => {
  it('requires the requested item of a 服务申请 and a fulfilment date not before the request', () => {
    const r = validateServiceRow(
      { 身份证号: ID, 服务类型: '服务申请', 服务日期: '2026-05-10', 落实日期: '2026-05-01' },
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.column)).toEqual(['申请事项', '落实日期']);
  });

  it('accepts a visit with its mode', () => {
    const r = validateServiceRow(
      { 身份证号: ID, 服务类型: '走访', 服务日期: '2026年5月10日', 方式: '上门', 经办人: '李四' },
      TODAY,
    );
    expect(r.ok && r.entry).toMatchObject({
      type: '走访',
      date: '2026-05-10',
      mode: '上门',
      staff: '李四',
      requestItem: null,
    });
  });

  it('refuses a service dated after today', () => {
    const r = validateServiceRow({ 身份证号: ID, 服务类型: '走访', 服务日期: '2026-12-01' }, TODAY);
    expect(r.ok || r.errors).toEqual([{ column: '服务日期', message: '日期 2026-12-01 晚于今天' }]);
  });
});

describe('validateZeroEmploymentRow', () => {
  it('needs the unit, the household number and the recognition date', () => {
    const r = validateZeroEmploymentRow({ '村（社区）代码': '3505051002' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.column)).toEqual(['户编号', '认定日期', '村（社区）代码']);
  });
});

describe('validateUnitRecordRow', () => {
  it('requires the ledger class of a 无此类人员声明 and a whole number of participants', () => {
    const r = validateUnitRecordRow(
      { '村（社区）代码': '350505100201', 类型: '无此类人员声明', 日期: '2026-01-10', 参与人数: '3.5' },
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.column)).toEqual(['子类', '参与人数']);
  });

  it('accepts a mobilisation record with its participants', () => {
    const r = validateUnitRecordRow(
      { '村（社区）代码': '350505100201', 类型: '培训动员', 日期: '2026-01-10', 参与人数: '25' },
      TODAY,
    );
    expect(r.ok && r.entry).toEqual({
      unitCode: '350505100201',
      type: '培训动员',
      date: '2026-01-10',
      ledgerClass: null,
      participants: 25,
      note: null,
    });
  });
});

describe('matchSheetName', () => {
  it('recognises a sheet by its name with common suffixes and spaces', () => {
    expect(matchSheetName(' 劳动力台账 ')).toBe('劳动力');
    expect(matchSheetName('服务记录')).toBe('服务记录');
    expect(matchSheetName('Sheet1')).toBeNull();
  });
});

describe('SHEET_COLUMNS', () => {
  it('gives every enumerated column its values', () => {
    for (const cols of Object.values(SHEET_COLUMNS)) {
      for (const c of cols) if (c.kind === 'enum') expect(c.values?.length, c.name).toBeGreaterThan(0);
    }
  });
});
