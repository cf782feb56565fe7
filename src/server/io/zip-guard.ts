import fs from 'node:fs';
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';

/**
 * An uploaded workbook is hostile until proven otherwise (QUALITY.md "uploads"). Before any XML is parsed the
 * zip's central directory is read here — entry count, declared sizes and ratios, encryption, macros — and
 * every entry is then inflated by us, counting bytes as they come (a header that lies about its size is caught
 * the moment the real data outgrows it) and refusing DTDs (XXE, entity expansion). Nothing is held whole in
 * memory: a zip bomb is refused after a few kilobytes of reading.
 */

export type RefusalKind =
  | 'too-large'
  | 'not-xlsx'
  | 'unsupported'
  | 'zip-bomb'
  | 'too-many-entries'
  | 'macro'
  | 'xxe'
  | 'too-many-rows'
  | 'encrypted';

/** The file cannot be read safely; the message says why, in Chinese. */
export class WorkbookRefused extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookRefused';
  }
}

export interface ReadLimits {
  /** the file on disk */
  maxFileBytes: number;
  maxEntries: number;
  /** all entries inflated, declared and counted */
  maxUncompressedBytes: number;
  /** inflated ÷ compressed, for entries above 1 MB inflated */
  maxRatio: number;
  /** data rows over all sheets (header rows not counted) */
  maxRows: number;
  /** characters between two XML tags: bounds a single cell or shared string */
  maxTextRun: number;
}

export const UPLOAD_LIMITS: ReadLimits = Object.freeze({
  maxFileBytes: 50 * 1024 * 1024,
  maxEntries: 1000,
  // 100,000 full 劳动力 rows inflate to well under 100 MB
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxRatio: 150,
  maxRows: 100_000,
  maxTextRun: 1_000_000,
});

const MB = 1024 * 1024;

export function fileTooLarge(limits: ReadLimits): WorkbookRefused {
  return new WorkbookRefused(
    'too-large',
    `文件超过 ${Math.round(limits.maxFileBytes / MB)} MB 上限，请按村（社区）分成几个文件分别导入`,
  );
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = fs.readSync(fd, buf, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return read === length ? buf : buf.subarray(0, read);
}

const notXlsx = () =>
  new WorkbookRefused('not-xlsx', '文件不是有效的 Excel 工作簿（.xlsx）：内容已损坏，或只是改了扩展名');

/**
 * Reads and checks the central directory. Refuses: a file too large, anything that is not a zip, more
 * entries than allowed, ZIP64, encrypted or oddly compressed entries, macros (vbaProject.bin), and declared
 * sizes or ratios of a zip bomb. Cost: two small reads, whatever the file size.
 */
export function inspectZip(file: string, limits: ReadLimits): ZipEntry[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > limits.maxFileBytes) throw fileTooLarge(limits);
    if (size < 22 || readAt(fd, 0, 4).readUInt32LE(0) !== LFH_SIG) throw notXlsx();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notXlsx();
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    // 0xffff also stands for "more than 65,534, see ZIP64": too many either way
    if (count > limits.maxEntries)
      throw new WorkbookRefused(
        'too-many-entries',
        `工作簿内部包含${count === 0xffff ? '超过 65,535' : ` ${count}`} 个部件，超过 ${limits.maxEntries} 个上限，不是正常的台账文件`,
      );
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new WorkbookRefused(
        'unsupported',
        '工作簿使用了不支持的 ZIP64 结构，请用 Excel 另存为 .xlsx 后再导入',
      );
    }
    if (cdOffset + cdSize > size || cdSize > count * (46 + 0xffff * 3)) throw notXlsx();
    const cd = readAt(fd, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let declaredTotal = 0;
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw notXlsx();
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (
        compressedSize === 0xffffffff ||
        uncompressedSize === 0xffffffff ||
        localHeaderOffset === 0xffffffff
      ) {
        throw new WorkbookRefused(
          'unsupported',
          '工作簿使用了不支持的 ZIP64 结构，请用 Excel 另存为 .xlsx 后再导入',
        );
      }
      if (flags & 0x1)
        throw new WorkbookRefused('encrypted', '工作簿已加密或设置了打开密码，请取消密码后再导入');
      if (/vbaProject\.bin$/i.test(name) || (/\.bin$/i.test(name) && /vba/i.test(name))) {
        throw new WorkbookRefused(
          'macro',
          '工作簿包含宏（VBA），出于安全原因不予导入；请另存为不含宏的 .xlsx 文件',
        );
      }
      if (method !== 0 && method !== 8)
        throw new WorkbookRefused('unsupported', `工作簿部件 ${name} 使用了不支持的压缩方式`);
      if (localHeaderOffset + 30 > cdOffset) throw notXlsx();
      declaredTotal += uncompressedSize;
      if (declaredTotal > limits.maxUncompressedBytes) throw zipBomb();
      if (uncompressedSize > MB && uncompressedSize / Math.max(compressedSize, 1) > limits.maxRatio)
        throw zipBomb();
      entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    }
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

export function zipBomb(): WorkbookRefused {
  return new WorkbookRefused('zip-bomb', '工作簿解压后的大小异常（疑似“压缩炸弹”），不予导入');
}

/** Where an entry's compressed data starts (the local header's own name and extra lengths may differ). */
function dataStart(file: string, entry: ZipEntry): number {
  const fd = fs.openSync(file, 'r');
  try {
    const header = readAt(fd, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LFH_SIG) throw notXlsx();
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes inflated so far across the entries of one file, shared by its entry streams. */
export interface InflateBudget {
  used: number;
}

/**
 * Counts inflated bytes (refusing more than the entry declared or the file's budget), refuses DTDs, bounds
 * text runs, and decodes UTF-8 across chunk boundaries (one character may straddle two chunks).
 */
class XmlGuard extends Transform {
  private seen = 0;
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';
  private run = 0;
  constructor(
    private readonly entry: ZipEntry,
    private readonly limits: ReadLimits,
    private readonly budget: InflateBudget,
  ) {
    super({ readableObjectMode: true });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    this.budget.used += chunk.length;
    if (this.seen > this.entry.uncompressedSize || this.budget.used > this.limits.maxUncompressedBytes)
      return done(zipBomb());
    const text = this.decoder.write(chunk);
    const problem = this.check(text);
    if (problem) return done(problem);
    if (text.length) this.push(text);
    done();
  }
  override _flush(done: TransformCallback): void {
    const text = this.decoder.end();
    const problem = this.check(text);
    if (problem) return done(problem);
    if (text.length) this.push(text);
    done();
  }
  private check(text: string): WorkbookRefused | null {
    const window = this.tail + text;
    if (window.includes('<!') && /<!\s*(DOCTYPE|ENTITY)/i.test(window)) {
      return new WorkbookRefused(
        'xxe',
        '工作簿包含 XML 文档类型声明（DOCTYPE/ENTITY），可能是恶意文件，不予导入',
      );
    }
    this.tail = text.length >= 16 ? text.slice(-16) : (this.tail + text).slice(-16);
    const first = text.indexOf('<');
    if (first < 0) this.run += text.length;
    else {
      if (this.run + first > this.limits.maxTextRun) return tooLong();
      this.run = text.length - 1 - text.lastIndexOf('>');
    }
    return this.run > this.limits.maxTextRun ? tooLong() : null;
  }
}

const tooLong = () => new WorkbookRefused('zip-bomb', '工作簿中有单元格内容过长（超过 100 万字），不予导入');

/** A stream of the entry's text (UTF-8 decoded strings), guarded as described on {@link XmlGuard}. */
export function openEntryText(
  file: string,
  entry: ZipEntry,
  limits: ReadLimits,
  budget: InflateBudget,
): Readable {
  const start = dataStart(file, entry);
  const guard = new XmlGuard(entry, limits, budget);
  if (entry.compressedSize === 0) {
    guard.end();
    return guard;
  }
  const raw = fs.createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 256 * 1024,
  });
  const fail = (e: Error) => guard.destroy(e instanceof WorkbookRefused ? e : notXlsx());
  raw.on('error', fail);
  if (entry.method === 0) {
    raw.pipe(guard);
  } else {
    const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
    inflate.on('error', fail);
    raw.pipe(inflate).pipe(guard);
    guard.on('close', () => {
      raw.destroy();
      inflate.destroy();
    });
  }
  return guard;
}

/** The whole (small) entry as text, within `maxChars`. */
export async function readEntryText(
  file: string,
  entry: ZipEntry,
  limits: ReadLimits,
  budget: InflateBudget,
  maxChars = 16 * MB,
): Promise<string> {
  let text = '';
  for await (const chunk of openEntryText(file, entry, limits, budget)) {
    text += chunk as string;
    if (text.length > maxChars) throw zipBomb();
  }
  return text;
}
