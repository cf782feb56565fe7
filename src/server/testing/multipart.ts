/** A multipart/form-data body with one `file` field, as a browser sends it. */
export function multipartFile(filename: string, data: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----jiuye${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The smallest valid JPEG and PDF headers a sniffer recognises, padded to `size` bytes. */
export function fakeJpeg(size = 2048): Buffer {
  const b = Buffer.alloc(size, 0x20);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}
export function fakePdf(size = 1024): Buffer {
  const b = Buffer.alloc(size, 0x20);
  b.write('%PDF-1.4\n', 0, 'latin1');
  return b;
}
