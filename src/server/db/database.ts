import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The schema as Kysely sees it, one interface per table. Conventions (both engines alike): dates and
 * timestamps are ISO text, booleans are integers 0/1 (see `toBool`), region codes are text.
 */

export interface UnitTable {
  /** 12-digit 统计用区划代码 (towns and the district padded with zeros). */
  code: string;
  name: string;
  official_name: string;
  kind: 'district' | 'town' | 'village' | 'community' | 'other';
  parent_code: string | null;
  /** 1 district, 2 town, 3 village-level */
  level: number;
  active: number;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UnitEventTable {
  id: Generated<number>;
  unit_code: string;
  at: string;
  action: 'create' | 'rename' | 'merge' | 'reparent' | 'reactivate';
  old_value: string | null;
  new_value: string | null;
  actor_id: number | null;
  note: string | null;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string | null;
  unit_code: string | null;
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  password_changed_at: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionTable {
  /** sha256 of the cookie value: a leaked table cannot be replayed. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  role: string | null;
  scope: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: 'ok' | 'denied' | 'failed';
  request_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface Database {
  unit: UnitTable;
  unit_event: UnitEventTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

/** SQLite returns 0/1 and PostgreSQL integers too (we store booleans as integers on both): one mapping. */
export function toBool(v: number | boolean | null | undefined): boolean {
  return v === true || v === 1;
}
export function fromBool(v: boolean): number {
  return v ? 1 : 0;
}
