/**
 * Reads an uploaded CSV as text. Spreadsheets saved by Excel on Chinese Windows are often GBK rather than
 * UTF-8, so a file that is not valid UTF-8 is read as GB18030 (a superset of GBK). A UTF-8 BOM is dropped.
 */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
