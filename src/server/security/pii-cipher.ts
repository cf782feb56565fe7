import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Personal numbers at rest (ID, phone, disability certificate): AES-256-GCM with a random 96-bit nonce, and an
 * HMAC-SHA256 blind index for exact search and deduplication. Both keys derive (HKDF) from one 32-byte master
 * key kept outside the database, so a copied database file or backup reveals no number.
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** deterministic: the same number always gives the same index */
  blindIndex(plain: string): string;
}

const VERSION = 'v1';

/** Nonces drawn from the system's generator a block at a time: one call per 1,024 encryptions, not per one. */
function nonceSource(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 12 > pool.length) {
      pool = randomBytes(12 * 1024);
      offset = 0;
    }
    offset += 12;
    return pool.subarray(offset - 12, offset);
  };
}

export function createPiiCipher(masterKey: Buffer): PiiCipher {
  if (masterKey.length !== 32) throw new Error('personal-data key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'jiuye pii encryption v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'jiuye pii blind index v1', 32));
  const nextNonce = nonceSource();
  return {
    encrypt(plain) {
      const iv = nextNonce();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(sealed) {
      const [version, payload] = sealed.split('.');
      if (version !== VERSION || !payload) throw new Error('unknown ciphertext format');
      const raw = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex(plain) {
      return createHmac('sha256', macKey).update(plain).digest('base64url');
    },
  };
}

/** Where the key file lives when none is configured: beside a SQLite file, or under ./data for PostgreSQL. */
export function defaultKeyFile(databaseUrl: string): string {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return path.resolve('data', 'jiuye.key');
  return path.join(path.dirname(path.resolve(databaseUrl)), 'jiuye.key');
}

/**
 * The master key: from configuration (hex), else from the key file, created (mode 0600) on first start.
 */
export function loadMasterKey(opts: { keyHex: string | null; keyFile: string }): Buffer {
  if (opts.keyHex) return Buffer.from(opts.keyHex, 'hex');
  if (fs.existsSync(opts.keyFile)) {
    const hex = fs.readFileSync(opts.keyFile, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex))
      throw new Error(`密钥文件 ${opts.keyFile} 格式不正确（应为 64 位十六进制）`);
    return Buffer.from(hex, 'hex');
  }
  fs.mkdirSync(path.dirname(opts.keyFile), { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(opts.keyFile, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
