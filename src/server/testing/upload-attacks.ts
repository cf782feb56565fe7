import {
  HOSTILE,
  SHEET_XML_END,
  SHEET_XML_START,
  buildZip,
  minimalWorkbookEntries,
  sheetXmlWithRows,
  type RawZipEntry,
} from './ledger-files.ts';
import { fakePdf } from './multipart.ts';

/**
 * Hostile uploads built at run time (no binary fixtures), for the three places a file comes in: the ledger
 * import, evidence files of records, and assessment attachments. Each names what every place must say.
 */

export type UploadPlace = 'ledger' | 'evidence' | 'attachment';

export interface UploadAttack {
  name: string;
  /** the name the file is uploaded under */
  filename: string;
  bytes: Buffer;
  /** the refusal each place gives, as a pattern of its Chinese message */
  expect: Record<UploadPlace, RegExp>;
}

const MB = 1024 * 1024;

/**
 * A zip whose local header and central directory disagree about an entry's size: the directory (what a
 * reader checks first) claims a few kilobytes, the local header and the data hold `mb` megabytes.
 */
export function mismatchedHeadersZip(mb: number): Buffer {
  const entries = minimalWorkbookEntries(sheetXmlWithRows(1));
  const zip = buildZip(
    entries.map((e) =>
      e.name === 'xl/worksheets/sheet1.xml'
        ? { ...e, data: Buffer.concat([Buffer.from(SHEET_XML_START), Buffer.alloc(mb * MB, 0x20)]) }
        : e,
    ),
  );
  // rewrite the central directory's uncompressed size of the sheet, leaving the local header true
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  for (let p = zip.length - 22; p >= 0; p--) {
    if (zip.readUInt32LE(p) === 0x02014b50 && zip.subarray(p + 46, p + 46 + name.length).equals(name)) {
      zip.writeUInt32LE(4000, p + 24);
      return zip;
    }
  }
  throw new Error('central directory entry not found');
}

/**
 * A macro-enabled workbook that does not say so by its part names: the VBA project sits in an innocently
 * named part, declared only by [Content_Types].xml.
 */
export function macroByContentType(): Buffer {
  const types =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>' +
    '<Override PartName="/xl/data.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>';
  const entries: RawZipEntry[] = minimalWorkbookEntries(sheetXmlWithRows(1), [
    { name: 'xl/data.bin', data: Buffer.from('Attribute VB_Name = "Module1"\nSub AutoOpen()\nEnd Sub\n') },
  ]).map((e) => (e.name === '[Content_Types].xml' ? { ...e, data: Buffer.from(types) } : e));
  return buildZip(entries);
}

/** An external entity in the shared strings (not the sheet). */
export function xxeInSharedStrings(): Buffer {
  const sst =
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>';
  return buildZip(
    minimalWorkbookEntries(
      `${SHEET_XML_START}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_XML_END}`,
      [{ name: 'xl/sharedStrings.xml', data: Buffer.from(sst) }],
    ),
  );
}

/** A Windows program's first bytes. */
export function program(size = 4096): Buffer {
  const b = Buffer.alloc(size);
  b.write('MZ', 0, 'latin1');
  b.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return b;
}

const BOMB = /压缩炸弹/;
const MACRO = /宏/;
const DTD = /DOCTYPE/;
const NOT_OFFICE = /不是有效的/;
const MISNAMED = /扩展名/;
const UNSUPPORTED = /不支持的文件类型/;
const TOO_LARGE = /过大|超过/;

/** Every attack of QUALITY.md "uploads", with what each upload place must answer. */
export function uploadAttacks(): UploadAttack[] {
  return [
    {
      name: 'zip bomb (100 MB of zeros, declared honestly: ratio ~1000:1)',
      filename: '台账.xlsx',
      bytes: HOSTILE.zipBomb(100),
      expect: { ledger: BOMB, evidence: BOMB, attachment: BOMB },
    },
    {
      name: 'zip bomb whose headers lie (both claim 4 kB)',
      filename: '台账.xlsx',
      bytes: HOSTILE.lyingZipBomb(100),
      expect: { ledger: BOMB, evidence: BOMB, attachment: BOMB },
    },
    {
      name: 'local and central headers disagree about the size',
      filename: '台账.xlsx',
      bytes: mismatchedHeadersZip(100),
      expect: { ledger: BOMB, evidence: BOMB, attachment: BOMB },
    },
    {
      name: 'macro-enabled workbook (vbaProject.bin)',
      filename: '台账.xlsx',
      bytes: HOSTILE.macro(),
      expect: { ledger: MACRO, evidence: MACRO, attachment: MACRO },
    },
    {
      name: 'macro-enabled workbook told only by its content types',
      filename: '台账.xlsx',
      bytes: macroByContentType(),
      expect: { ledger: MACRO, evidence: MACRO, attachment: MACRO },
    },
    {
      name: 'a workbook named .xlsm',
      filename: '台账.xlsm',
      bytes: buildZip(minimalWorkbookEntries(sheetXmlWithRows(1))),
      expect: { ledger: MACRO, evidence: UNSUPPORTED, attachment: UNSUPPORTED },
    },
    {
      name: 'a program renamed .xlsx',
      filename: '台账.xlsx',
      bytes: program(),
      expect: { ledger: NOT_OFFICE, evidence: UNSUPPORTED, attachment: MISNAMED },
    },
    {
      name: 'a PDF renamed .xlsx',
      filename: '台账.xlsx',
      bytes: fakePdf(4096),
      expect: { ledger: NOT_OFFICE, evidence: MISNAMED, attachment: MISNAMED },
    },
    {
      name: 'external entity (XXE) in a sheet',
      filename: '台账.xlsx',
      bytes: HOSTILE.xxe(),
      expect: { ledger: DTD, evidence: DTD, attachment: DTD },
    },
    {
      name: 'external entity (XXE) in the shared strings',
      filename: '台账.xlsx',
      bytes: xxeInSharedStrings(),
      expect: { ledger: DTD, evidence: DTD, attachment: DTD },
    },
    {
      name: 'entity expansion ("billion laughs") in the shared strings',
      filename: '台账.xlsx',
      bytes: HOSTILE.entityExpansion(),
      expect: { ledger: DTD, evidence: DTD, attachment: DTD },
    },
    {
      name: 'a zip of 100,000 entries',
      filename: '台账.xlsx',
      bytes: HOSTILE.manyEntries(100_000),
      // evidence and attachments refuse it by size first (it is ~9 MB)
      expect: { ledger: /部件/, evidence: TOO_LARGE, attachment: TOO_LARGE },
    },
  ];
}
