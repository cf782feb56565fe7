import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  WorkbookRefused,
  inspectZip,
  openEntryText,
  type InflateBudget,
  type ReadLimits,
} from './zip-guard.ts';

/**
 * An Office document uploaded as evidence or as an assessment attachment (docx, xlsx, pptx) is stored, not
 * read — but someone downloads and opens it later. It passes the checks of an imported ledger workbook
 * (zip-guard.ts): entry count, declared sizes and ratios, lying headers caught while inflating, no
 * encryption, no macros (by part name or by content type), and no DTD in any XML part (XXE, entity
 * expansion). Only the parts' text is scanned; nothing is parsed.
 */

export const OFFICE_LIMITS: ReadLimits = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  maxEntries: 1000,
  // a 5 MB document of text and pictures inflates to far less
  maxUncompressedBytes: 32 * 1024 * 1024,
  maxRatio: 150,
  maxRows: Number.MAX_SAFE_INTEGER,
  maxTextRun: 16 * 1024 * 1024,
});

/** Refuses an unsafe Office container (WorkbookRefused, with a Chinese reason). */
export async function inspectOfficeDocument(
  bytes: Buffer,
  limits: ReadLimits = OFFICE_LIMITS,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-office-'));
  const file = path.join(dir, 'upload.zip');
  try {
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    const entries = inspectZip(file, limits);
    const budget: InflateBudget = { used: 0 };
    const types = entries.find((e) => e.name.replace(/^\//, '').toLowerCase() === '[content_types].xml');
    if (!types)
      throw new WorkbookRefused('not-xlsx', '文件不是有效的 Office 文档：内容已损坏，或只是改了扩展名');
    for (const entry of entries) {
      if (!/\.(xml|rels|vml)$/i.test(entry.name)) continue;
      let text = '';
      for await (const chunk of openEntryText(file, entry, limits, budget)) {
        // only [Content_Types].xml is kept whole (it is small); every other part is scanned as it streams
        if (entry === types && text.length < 1024 * 1024) text += chunk as string;
      }
      if (entry === types && /macroEnabled|vbaProject/i.test(text))
        throw new WorkbookRefused('macro', '文件包含宏（VBA），出于安全原因不予上传；请另存为不含宏的文档');
    }
  } catch (e) {
    if (e instanceof WorkbookRefused) throw officeRefusal(e, limits);
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The zip guard's reasons, told of a document being uploaded rather than a ledger being imported. */
function officeRefusal(e: WorkbookRefused, limits: ReadLimits): WorkbookRefused {
  const messages: Partial<Record<WorkbookRefused['kind'], string>> = {
    'not-xlsx': '文件不是有效的 Office 文档：内容已损坏，或只是改了扩展名',
    'too-many-entries': `文件内部的部件超过 ${limits.maxEntries} 个，不是正常的文档，不予上传`,
    unsupported: '文件使用了不支持的压缩结构，请用 Office 另存后再上传',
    encrypted: '文件已加密或设置了打开密码，请取消密码后再上传',
    macro: '文件包含宏（VBA），出于安全原因不予上传；请另存为不含宏的文档',
    'zip-bomb': '文件解压后的大小异常（疑似“压缩炸弹”），不予上传',
    xxe: '文件包含 XML 文档类型声明（DOCTYPE/ENTITY），可能是恶意文件，不予上传',
  };
  return new WorkbookRefused(e.kind, messages[e.kind] ?? e.message);
}
