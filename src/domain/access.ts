/**
 * Roles, permissions and scopes — who may do what, and over which units. Pure: the server enforces it on
 * every route, the web app uses it to build menus. Follows the three-administrator separation of MLPS 2.0
 * level 3 (系统管理员 / 安全管理员 / 审计管理员): none of them reads residents' data.
 */

export const ROLES = [
  'village_staff',
  'town_staff',
  'district_assessor',
  'district_approver',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  village_staff: '村（社区）工作人员',
  town_staff: '镇（街道）劳动保障事务所',
  district_assessor: '区人力资源服务中心（考核）',
  district_approver: '区人社局（审批）',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const PERMISSIONS = [
  /** read the register: persons, households, ledgers (masked) */
  'resident:read',
  /** create and edit register entries and service records */
  'resident:write',
  /** reveal one full ID / phone number, with a reason */
  'resident:reveal',
  /** export ledgers */
  'resident:export',
  /** read units (names, codes, kinds) within scope */
  'unit:read',
  /** load, rename, merge units */
  'unit:manage',
  /** create, disable, reset accounts */
  'account:manage',
  /** assign business roles and unit scopes */
  'role:assign',
  /** read the audit trail */
  'audit:read',
  /** self-assessment of a village (自评) */
  'assessment:self',
  /** town review (初核) */
  'assessment:review',
  /** district acceptance (考核验收) */
  'assessment:accept',
  /** propose a 20,000-yuan award */
  'award:propose',
  /** approve an award proposed by someone else */
  'award:approve',
  /** read assessments, scorecards and dashboards within scope */
  'assessment:read',
  /** backups and system settings */
  'system:operate',
  /** record town and district publicity campaigns and staff training sessions (四(三)(四)) */
  'activity:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const RESIDENT: Permission[] = ['resident:read', 'resident:write', 'resident:reveal', 'resident:export'];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  village_staff: [...RESIDENT, 'unit:read', 'assessment:read', 'assessment:self'],
  town_staff: [...RESIDENT, 'unit:read', 'assessment:read', 'assessment:review', 'activity:write'],
  district_assessor: [
    'resident:read',
    'resident:reveal',
    'resident:export',
    'unit:read',
    'assessment:read',
    'assessment:accept',
    'award:propose',
    'activity:write',
  ],
  district_approver: ['resident:read', 'unit:read', 'assessment:read', 'award:approve'],
  system_admin: ['unit:read', 'unit:manage', 'account:manage', 'system:operate'],
  security_admin: ['unit:read', 'role:assign'],
  audit_admin: ['audit:read'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAdminRole(role: Role | null): boolean {
  return role !== null && ADMIN_ROLES.includes(role);
}

/** Whether a role holds a permission. An account without a role holds none. */
export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role | null): Permission[] {
  return role === null ? [] : [...ROLE_PERMISSIONS[role]];
}

/** How far a role's view of units reaches. */
export type ScopeLevel = 'unit' | 'town' | 'district' | 'none';

export function scopeLevelOf(role: Role | null): ScopeLevel {
  switch (role) {
    case 'village_staff':
      return 'unit';
    case 'town_staff':
      return 'town';
    case 'district_assessor':
    case 'district_approver':
    case 'system_admin':
    case 'security_admin':
      return 'district';
    default:
      return 'none';
  }
}

/** Which kind of unit an account of this role must be attached to (null: none). */
export function requiredUnitKinds(
  role: Role,
): readonly ('village' | 'community' | 'other' | 'town')[] | null {
  if (role === 'village_staff') return ['village', 'community', 'other'];
  if (role === 'town_staff') return ['town'];
  return null;
}

/**
 * Roles that must sign in with a second factor (TOTP): district staff, who assess and pay awards, and the
 * three administrators (GB/T 22239-2019 §8.1.4.1 d: two or more authentication techniques for privileged users).
 */
export function requiresMfa(role: Role | null): boolean {
  return role === 'district_assessor' || role === 'district_approver' || isAdminRole(role);
}
