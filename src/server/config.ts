import path from 'node:path';

/**
 * The one place that reads `process.env`. Parsed once, frozen; every problem is listed together so an
 * administrator fixes a bad environment in one go.
 */
export interface Config {
  /** SQLite file path or a postgres:// URL. */
  databaseUrl: string;
  host: string;
  port: number;
  /** Hex-encoded 32-byte key for personal-data encryption; when absent a key file beside the database is used. */
  dataKeyHex: string | null;
  /** Where the key file lives when no key is configured (default: `<database dir>/jiuye.key`). */
  keyFile: string | null;
  /** Serve cookies with `Secure` (set when the app sits behind HTTPS). */
  secureCookies: boolean;
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /**
   * Per-route rate limits (login, search, reveal, exports, imports). On unless `JIUYE_RATE_LIMITS=off`: a load
   * test on a closed machine drives one address far beyond any person's pace.
   */
  rateLimits: boolean;
  /** Built web assets served by the app. */
  webDir: string;
}

export const DEFAULT_DATABASE = path.join('data', 'jiuye.db');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误:\n- ${problems.join('\n- ')}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    problems.push(`${name} 应为正整数，实际为 "${raw}"`);
    return fallback;
  }
  return n;
}

function bool(env: Env, name: string): boolean {
  return ['1', 'true', 'yes'].includes((env[name] ?? '').toLowerCase());
}

function rateLimitsSetting(env: Env, problems: string[]): boolean {
  const raw = (env.JIUYE_RATE_LIMITS ?? 'on').toLowerCase();
  if (raw === 'on' || raw === '') return true;
  if (raw === 'off') return false;
  problems.push(`JIUYE_RATE_LIMITS 应为 on 或 off，实际为 "${env.JIUYE_RATE_LIMITS}"`);
  return true;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function parseConfig(env: Env = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const problems: string[] = [];
  const dataKeyHex = env.JIUYE_DATA_KEY ?? null;
  if (dataKeyHex !== null && !/^[0-9a-fA-F]{64}$/.test(dataKeyHex)) {
    problems.push('JIUYE_DATA_KEY 应为 64 位十六进制（32 字节）密钥');
  }
  const logLevel = (env.JIUYE_LOG_LEVEL ?? 'warn') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`JIUYE_LOG_LEVEL 应为 ${LOG_LEVELS.join('/')} 之一`);
  const config: Config = {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE,
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000, problems),
    dataKeyHex,
    keyFile: env.JIUYE_KEY_FILE || null,
    secureCookies: bool(env, 'JIUYE_SECURE_COOKIES'),
    trustProxy: bool(env, 'JIUYE_TRUST_PROXY'),
    logLevel,
    sessionIdleMinutes: int(env, 'JIUYE_SESSION_IDLE_MINUTES', 30, problems),
    sessionAbsoluteHours: int(env, 'JIUYE_SESSION_ABSOLUTE_HOURS', 12, problems),
    rateLimits: rateLimitsSetting(env, problems),
    webDir: env.JIUYE_WEB_DIR || path.resolve(import.meta.dirname, '../../dist/web'),
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
