import type { Role } from '../../domain/access.ts';
import { countUsers } from '../repositories/user.repository.ts';
import type { ServiceContext } from './context.ts';
import { createUser } from './user.service.ts';

/** The password of every demo account. Administrators must change theirs at first sign-in. */
export const DEMO_PASSWORD = 'Jiuye@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  mustChangePassword: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'liucuo',
    displayName: '柳厝村 协理员',
    role: 'village_staff',
    unitCode: '350505100201',
    mustChangePassword: false,
  },
  {
    username: 'jinxiang',
    displayName: '锦祥社区 协理员',
    role: 'village_staff',
    unitCode: '350505001001',
    mustChangePassword: false,
  },
  {
    username: 'nanpu',
    displayName: '南埔镇 劳动保障事务所',
    role: 'town_staff',
    unitCode: '350505100000',
    mustChangePassword: false,
  },
  {
    username: 'shanyao',
    displayName: '山腰街道 劳动保障事务所',
    role: 'town_staff',
    unitCode: '350505001000',
    mustChangePassword: false,
  },
  {
    username: 'kaohe',
    displayName: '区人力资源服务中心 考核员',
    role: 'district_assessor',
    unitCode: null,
    mustChangePassword: false,
  },
  {
    username: 'shenpi',
    displayName: '区人社局 审批人',
    role: 'district_approver',
    unitCode: null,
    mustChangePassword: false,
  },
  {
    username: 'admin',
    displayName: '系统管理员',
    role: 'system_admin',
    unitCode: null,
    mustChangePassword: true,
  },
  {
    username: 'secadmin',
    displayName: '安全管理员',
    role: 'security_admin',
    unitCode: null,
    mustChangePassword: true,
  },
  {
    username: 'auditor',
    displayName: '审计管理员',
    role: 'audit_admin',
    unitCode: null,
    mustChangePassword: true,
  },
];

/** Creates the demo accounts when the database has no account at all. Returns whether it did. */
export async function seedDemoAccounts(ctx: ServiceContext): Promise<boolean> {
  if ((await countUsers(ctx.db)) > 0) return false;
  for (const a of DEMO_ACCOUNTS) {
    await createUser(ctx, { ...a, password: DEMO_PASSWORD });
  }
  return true;
}
