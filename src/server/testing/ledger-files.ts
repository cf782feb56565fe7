import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../domain/id-number.ts';
import { LABOUR_COLUMNS } from '../../domain/ledger-entry.ts';
import type { Actor } from '../services/context.ts';

/** Test factories for ledger files: village workbooks built with exceljs, and hostile files built by hand. */

export type CellInput = string | number | Date | null | undefined;
export type SheetRows = Record<string, CellInput>[];

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-ledger-'));
}

/** Writes a workbook: one sheet per key, the header from the first row's keys unless `headers` says otherwise. */
export async function writeWorkbook(
  file: string,
  sheets: Record<string, SheetRows>,
  headers: Record<string, string[]> = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    const columns = headers[name] ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.addRow(columns);
    for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? null));
  }
  await wb.xlsx.writeFile(file);
  return file;
}

export interface VillageOptions {
  unitCode?: string;
  persons?: number;
  /** first household number */
  firstHousehold?: number;
  /** sequence offset, so two villages get different ID numbers */
  seed?: number;
}

/**
 * A village's 劳动力 rows: households of three (head, spouse, child); every fourth person registered
 * unemployed, every fifth employed, every seventh a poverty-register labourer, every ninth recognised as
 * having employment difficulty.
 */
export function villageLabourRows(opts: VillageOptions = {}): SheetRows {
  const unit = opts.unitCode ?? '350505100201';
  const n = opts.persons ?? 30;
  const seed = opts.seed ?? 0;
  const rows: SheetRows = [];
  for (let i = 0; i < n; i++) {
    const household = String((opts.firstHousehold ?? 1) + Math.floor(i / 3)).padStart(4, '0');
    const role = i % 3;
    const year = role === 2 ? 2000 : 1970 + (i % 15);
    const birth = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
    const id = makeIdNumber('350505', birth, (seed * 97 + i * 2 + (role === 1 ? 0 : 1)) % 1000);
    const row: Record<string, CellInput> = {
      '村（社区）代码': unit,
      户编号: household,
      与户主关系: ['户主', '配偶', '子女'][role],
      姓名: `测试${String.fromCharCode(0x4e00 + ((seed * 131 + i) % 500))}${i}`,
      身份证号: id,
      联系电话: `1380000${String(1000 + i).slice(-4)}`,
      户籍性质: '农业',
      文化程度: '初中',
    };
    if (i % 5 === 0)
      Object.assign(row, { 就业形式: '单位就业', 就业单位: '泉港石化', 就业日期: '2025-03-01' });
    if (i % 4 === 1) Object.assign(row, { 失业登记日期: '2026-02-10' });
    if (i % 7 === 3) Object.assign(row, { 建档立卡贫困劳动力: '是', 脱贫状态: '已脱贫' });
    if (i % 9 === 2) Object.assign(row, { 就业困难人员类别: '4050', 困难认定日期: '2026-03-01' });
    rows.push(row);
  }
  return rows;
}

/** A village workbook: 劳动力, some services and history events, a 零就业家庭 and 村级工作 records. */
export function villageWorkbookSheets(opts: VillageOptions = {}): Record<string, SheetRows> {
  const labour = villageLabourRows(opts);
  const unit = opts.unitCode ?? '350505100201';
  const registered = labour.filter((r) => r['失业登记日期']);
  return {
    村级工作: [
      { '村（社区）代码': unit, 类型: '领导小组', 日期: '2026-01-05', 说明: '成立创建工作领导小组' },
      { '村（社区）代码': unit, 类型: '培训动员', 日期: '2026-04-12', 参与人数: 25 },
    ],
    劳动力: labour,
    // an earlier job of two registered persons who are not employed now
    就业失业记录: registered
      .filter((r) => !r['就业形式'])
      .slice(0, 2)
      .flatMap((r) => [
        { 身份证号: r['身份证号'], 日期: '2025-01-10', 事件: '就业', 就业形式: '灵活就业', 就业单位: '个体' },
        { 身份证号: r['身份证号'], 日期: '2025-12-31', 事件: '离职' },
      ]),
    服务记录: registered.map((r) => ({
      身份证号: r['身份证号'],
      服务类型: '走访',
      服务日期: new Date(Date.UTC(2026, 2, 15)),
      方式: '上门',
      经办人: '王五',
    })),
    零就业家庭: [
      { '村（社区）代码': unit, 户编号: labour[labour.length - 1]!['户编号'], 认定日期: '2026-05-20' },
    ],
  };
}

/** A deterministic PRNG (LCG), so the same seed writes the same file. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const SURNAMES =
  '陈林黄张李王吴刘蔡杨郑许谢洪郭邱曾廖赖徐周叶苏庄吕江何萧罗高潘简朱钟彭游詹胡施沈余卢梁赵颜柯翁魏孙戴';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红海燕玉兰';

export interface DistrictWorkbookOptions {
  /** the village-level unit codes rows are spread over, in turn */
  units: readonly string[];
  /** data rows to write (one person each) */
  persons: number;
  seed: number;
  /** 地址码 of the ID numbers (default 350505): another area keeps them apart from other test persons */
  area?: string;
}

/**
 * A whole district's 劳动力 sheet (one row per resident, the columns of LEDGER-FORMAT.md), written with
 * exceljs's streaming writer, so a file of hundreds of thousands of rows takes little memory. About 60 %
 * employed and 2 % registered unemployed. Returns the number of data rows written (= `persons`).
 */
export async function writeDistrictWorkbook(file: string, o: DistrictWorkbookOptions): Promise<number> {
  const rnd = seededRandom(o.seed);
  const area = o.area ?? '350505';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const ws = wb.addWorksheet('劳动力');
  ws.addRow([...LABOUR_COLUMNS]).commit();
  const col = Object.fromEntries(LABOUR_COLUMNS.map((c, i) => [c, i])) as Record<
    (typeof LABOUR_COLUMNS)[number],
    number
  >;
  // ID numbers are unique by (birth date, sequence number)
  const seqs = new Map<string, number>();
  let written = 0;
  for (let i = 0; written < o.persons; i++) {
    const unit = o.units[written % o.units.length]!;
    const row: (string | null)[] = new Array(LABOUR_COLUMNS.length).fill(null);
    const year = 1950 + Math.floor(rnd() * 60);
    const birth = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const seq = (seqs.get(birth) ?? 0) + 1;
    seqs.set(birth, seq);
    if (seq > 999) continue;
    row[col['村（社区）代码']] = unit;
    row[col['户编号']] = `H${Math.floor(written / 3)}`;
    row[col['姓名']] =
      SURNAMES[Math.floor(rnd() * SURNAMES.length)]! + GIVEN[Math.floor(rnd() * GIVEN.length)]!;
    row[col['身份证号']] = makeIdNumber(area, birth, seq);
    row[col['联系电话']] = `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
    row[col['户籍性质']] = rnd() < 0.3 ? '非农业' : '农业';
    const r = rnd();
    if (r < 0.6) {
      row[col['就业形式']] = rnd() < 0.5 ? '单位就业' : '灵活就业';
      row[col['就业日期']] = `20${String(10 + Math.floor(rnd() * 15))}-03-01`;
    } else if (r < 0.62) {
      row[col['失业登记日期']] = '2026-02-10';
    }
    ws.addRow(row).commit();
    written++;
  }
  ws.commit();
  await wb.commit();
  return written;
}

export function actorFor(
  role: 'village' | 'town' | 'district',
  unit = '350505100201',
  town = '350505100000',
  townUnits: string[] = [],
): Actor {
  if (role === 'village')
    return {
      userId: 101,
      username: 'liucuo',
      displayName: '柳厝村',
      role: 'village_staff',
      unitCode: unit,
      scopeUnits: [unit],
    };
  if (role === 'town')
    return {
      userId: 102,
      username: 'nanpu',
      displayName: '南埔镇',
      role: 'town_staff',
      unitCode: town,
      scopeUnits: [town, ...townUnits],
    };
  return {
    userId: 103,
    username: 'kaohe',
    displayName: '区考核',
    role: 'district_assessor',
    unitCode: null,
    scopeUnits: 'all',
  };
}

// ——— hostile files ———

export interface RawZipEntry {
  name: string;
  data: Buffer;
  /** store (0) or deflate (8, default) */
  method?: 0 | 8;
  /** what the headers claim, when lying on purpose */
  declaredSize?: number;
}

/** A zip assembled byte by byte (CRCs left at zero: the reader never trusts them for safety anyway). */
export function buildZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(e.data, { level: 9 }) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="劳动力" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** The parts of a minimal one-sheet workbook; `sheetXml` is the 劳动力 sheet. */
export function minimalWorkbookEntries(sheetXml: string | Buffer, extra: RawZipEntry[] = []): RawZipEntry[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WORKBOOK_RELS) },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: typeof sheetXml === 'string' ? Buffer.from(sheetXml) : sheetXml,
    },
    ...extra,
  ];
}

export const SHEET_XML_START =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_XML_END = '</sheetData></worksheet>';

/** A sheet of `rows` rows with inline strings (the header row first). */
export function sheetXmlWithRows(rows: number): string {
  const parts = [SHEET_XML_START, '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'];
  for (let r = 2; r <= rows + 1; r++)
    parts.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`);
  parts.push(SHEET_XML_END);
  return parts.join('');
}

export const HOSTILE = {
  /** a worksheet that inflates to `mb` MB of zeros inside one cell, declared honestly */
  zipBomb(mb = 200): Buffer {
    return buildZip(
      minimalWorkbookEntries(
        Buffer.concat([
          Buffer.from(SHEET_XML_START + '<row r="1"><c r="A1" t="inlineStr"><is><t>'),
          Buffer.alloc(mb * 1024 * 1024, 0x30),
        ]),
      ),
    );
  },
  /** the same bomb, its headers claiming a small size */
  lyingZipBomb(mb = 200): Buffer {
    return buildZip(
      minimalWorkbookEntries(Buffer.from(''), []).map((e) =>
        e.name === 'xl/worksheets/sheet1.xml'
          ? {
              ...e,
              data: Buffer.concat([
                Buffer.from(SHEET_XML_START + '<row r="1"><c r="A1"><v>'),
                Buffer.alloc(mb * 1024 * 1024, 0x30),
              ]),
              declaredSize: 4000,
            }
          : e,
      ),
    );
  },
  /** a workbook carrying a VBA project */
  macro(): Buffer {
    return buildZip(
      minimalWorkbookEntries(sheetXmlWithRows(1), [{ name: 'xl/vbaProject.bin', data: Buffer.from('VBA') }]),
    );
  },
  /** an external entity in the worksheet */
  xxe(): Buffer {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
      SHEET_XML_START +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>' +
      SHEET_XML_END;
    return buildZip(minimalWorkbookEntries(xml));
  },
  /** "billion laughs" in the shared strings */
  entityExpansion(): Buffer {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst><si><t>&lol2;</t></si></sst>';
    return buildZip(
      minimalWorkbookEntries(sheetXmlWithRows(1), [{ name: 'xl/sharedStrings.xml', data: Buffer.from(xml) }]),
    );
  },
  /** `n` tiny zip entries */
  manyEntries(n = 100_000): Buffer {
    const extra: RawZipEntry[] = [];
    for (let i = 0; i < n; i++) extra.push({ name: `x/${i}`, data: Buffer.alloc(0), method: 0 });
    return buildZip(minimalWorkbookEntries(sheetXmlWithRows(1), extra));
  },
  /** more data rows than allowed */
  tooManyRows(rows = 100_001): Buffer {
    return buildZip(minimalWorkbookEntries(sheetXmlWithRows(rows)));
  },
  /** text pretending to be a workbook */
  notAZip(): Buffer {
    return Buffer.from('姓名,身份证号\n张三,350505198001011234\n'.repeat(100));
  },
};
