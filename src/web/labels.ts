import dayjs from 'dayjs';
import type { UnitView } from '../api/units.ts';
import { ROLE_LABELS, isRole, type Permission } from '../domain/access.ts';

/** 单位类型 as staff say it. */
export const UNIT_KIND_LABELS: Record<UnitView['kind'], string> = {
  district: '区',
  town: '镇（街道）',
  village: '村',
  community: '社区',
  other: '其他',
};

export const UNIT_KIND_COLORS: Record<UnitView['kind'], string> = {
  district: 'purple',
  town: 'blue',
  village: 'green',
  community: 'cyan',
  other: 'default',
};

/** What each permission lets a user do, in words for the welcome page. */
export const PERMISSION_LABELS: Record<Permission, string> = {
  'resident:read': '查看劳动力资源信息（证件号、电话脱敏显示）',
  'resident:write': '登记和维护劳动力、家庭及就业服务台账',
  'resident:reveal': '在登记理由后查看完整证件号或电话',
  'resident:export': '导出台账',
  'unit:read': '查看本辖区的村（社区）、镇（街道）',
  'unit:manage': '导入区划、单位更名与合并',
  'account:manage': '新建、停用账户和重置密码',
  'role:assign': '为账户分配角色和所属单位',
  'audit:read': '查阅和校验审计日志',
  'assessment:self': '村（社区）自评',
  'assessment:review': '镇（街道）初核',
  'assessment:accept': '区级考核验收',
  'award:propose': '提出以奖代补建议',
  'award:approve': '审批以奖代补',
  'assessment:read': '查看考核结果和统计',
  'system:operate': '系统运维（备份与设置）',
  'activity:write': '登记镇（街道）、区宣传动员与业务培训',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.password.change': '修改本人密码',
  'user.create': '新建账户',
  'user.disable': '停用账户',
  'user.enable': '启用账户',
  'user.password.reset': '重置密码',
  'user.role.assign': '分配角色',
  'unit.load': '导入区划',
  'unit.rename': '单位更名',
  'unit.merge': '单位合并',
};

export const AUDIT_RESULT_LABELS: Record<string, { text: string; color: string }> = {
  ok: { text: '成功', color: 'green' },
  denied: { text: '拒绝', color: 'orange' },
  failed: { text: '失败', color: 'red' },
};

export const OBJECT_TYPE_LABELS: Record<string, string> = { user: '账户', unit: '单位' };

export function roleLabel(role: string | null | undefined): string {
  if (!role) return '未分配';
  return isRole(role) ? ROLE_LABELS[role] : role;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}
