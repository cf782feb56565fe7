import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  FileTextOutlined,
  OrderedListOutlined,
  FormOutlined,
  ShopOutlined,
  FlagOutlined,
  NotificationOutlined,
  AuditOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  SwapOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  TableOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Access } from '../access.ts';

/**
 * The declarative route table (cf. ant-design-pro `config/routes.ts`). To add a page: create
 * `pages/<kebab>/index.tsx` with a default export, add one entry here with the permission it needs. The menu,
 * the router and the guards all read this table; `access.ts` decides visibility.
 */
export interface RouteConfig {
  path: string;
  /** Chinese name: menu label and page title */
  name: string;
  icon?: ComponentType;
  /** a permission from src/domain/access.ts, 'signed-in' (any account) or 'public' (nobody signed in needed) */
  access: Access;
  component: LazyExoticComponent<ComponentType>;
  /** routable but not listed in the menu (detail pages, the password page) */
  hideInMenu?: boolean;
  /** reachable while the account still has to change its initial password */
  beforePasswordChange?: boolean;
  /** reachable while the account still has to enrol a second factor */
  duringMfaEnrolment?: boolean;
  /** rendered without the menu and header (the login page) */
  layout?: false;
  /** which menu entry to highlight for a page hidden from the menu */
  parentPath?: string;
}

// One page serves both the menu entry and the deep links of each ledger.
const ledgers = lazy(() => import('../pages/ledgers/index.tsx'));

export const routes: RouteConfig[] = [
  {
    path: '/login',
    name: '登录',
    access: 'public',
    layout: false,
    hideInMenu: true,
    component: lazy(() => import('../pages/login/index.tsx')),
  },
  {
    path: '/password',
    name: '修改密码',
    access: 'signed-in',
    hideInMenu: true,
    beforePasswordChange: true,
    duringMfaEnrolment: true,
    component: lazy(() => import('../pages/change-password/index.tsx')),
  },
  {
    path: '/mfa',
    name: '绑定动态验证码',
    access: 'signed-in',
    hideInMenu: true,
    duringMfaEnrolment: true,
    component: lazy(() => import('../pages/mfa/index.tsx')),
  },
  {
    path: '/',
    name: '首页',
    icon: HomeOutlined,
    access: 'signed-in',
    component: lazy(() => import('../pages/home/index.tsx')),
  },
  {
    path: '/ledgers',
    name: '台账',
    icon: TableOutlined,
    access: 'resident:read',
    component: ledgers,
  },
  {
    path: '/ledgers/:ledger',
    name: '台账',
    access: 'resident:read',
    hideInMenu: true,
    parentPath: '/ledgers',
    component: ledgers,
  },
  {
    path: '/persons/new',
    name: '新增人员',
    access: 'resident:write',
    hideInMenu: true,
    parentPath: '/ledgers',
    component: lazy(() => import('../pages/person-new/index.tsx')),
  },
  {
    path: '/persons/:id',
    name: '人员',
    access: 'resident:read',
    hideInMenu: true,
    parentPath: '/ledgers',
    component: lazy(() => import('../pages/person/index.tsx')),
  },
  {
    path: '/households/:id',
    name: '户',
    access: 'resident:read',
    hideInMenu: true,
    parentPath: '/ledgers',
    component: lazy(() => import('../pages/household/index.tsx')),
  },
  {
    path: '/field',
    name: '快速登记',
    icon: FormOutlined,
    access: 'resident:write',
    component: lazy(() => import('../pages/field/index.tsx')),
  },
  {
    path: '/queues',
    name: '工作提醒',
    icon: AlertOutlined,
    access: 'resident:read',
    component: lazy(() => import('../pages/queues/index.tsx')),
  },
  {
    path: '/board',
    name: '岗位信息',
    icon: ShopOutlined,
    access: 'resident:read',
    component: lazy(() => import('../pages/board/index.tsx')),
  },
  {
    path: '/board/print',
    name: '信息发布栏（打印）',
    access: 'resident:read',
    hideInMenu: true,
    layout: false,
    component: lazy(() => import('../pages/board-print/index.tsx')),
  },
  {
    path: '/unit-work',
    name: '村级工作',
    icon: FlagOutlined,
    access: 'resident:read',
    component: lazy(() => import('../pages/unit-work/index.tsx')),
  },
  {
    path: '/activities',
    name: '镇区活动',
    icon: NotificationOutlined,
    access: 'assessment:read',
    component: lazy(() => import('../pages/activities/index.tsx')),
  },
  {
    path: '/assessments',
    name: '考核验收',
    icon: TrophyOutlined,
    access: 'assessment:read',
    component: lazy(() => import('../pages/assessments/index.tsx')),
  },
  {
    path: '/assessments/print',
    name: '考核汇总表（打印）',
    access: 'assessment:read',
    hideInMenu: true,
    layout: false,
    component: lazy(() => import('../pages/assessments-print/index.tsx')),
  },
  {
    path: '/assessments/:unit/:year',
    name: '考核评分表',
    access: 'assessment:read',
    hideInMenu: true,
    parentPath: '/assessments',
    component: lazy(() => import('../pages/assessment/index.tsx')),
  },
  {
    path: '/assessments/:unit/:year/print',
    name: '考核评分标准表（打印）',
    access: 'assessment:read',
    hideInMenu: true,
    layout: false,
    component: lazy(() => import('../pages/assessment-print/index.tsx')),
  },
  {
    path: '/dashboard',
    name: '总览',
    icon: BarChartOutlined,
    access: 'assessment:read',
    component: lazy(() => import('../pages/dashboard/index.tsx')),
  },
  {
    path: '/dashboard/league',
    name: '排行',
    icon: OrderedListOutlined,
    access: 'assessment:read',
    component: lazy(() => import('../pages/league/index.tsx')),
  },
  {
    path: '/dashboard/report',
    name: '报表',
    icon: FileTextOutlined,
    access: 'assessment:read',
    component: lazy(() => import('../pages/annual-report/index.tsx')),
  },
  {
    path: '/findings',
    name: '数据质量',
    icon: FileSearchOutlined,
    access: 'resident:read',
    component: lazy(() => import('../pages/findings/index.tsx')),
  },
  {
    path: '/ledger-io',
    name: '导入导出',
    icon: SwapOutlined,
    access: 'resident:export',
    component: lazy(() => import('../pages/ledger-io/index.tsx')),
  },
  {
    path: '/units',
    name: '单位',
    icon: ApartmentOutlined,
    access: 'unit:read',
    component: lazy(() => import('../pages/units/index.tsx')),
  },
  {
    path: '/units/:code',
    name: '单位详情',
    access: 'unit:read',
    hideInMenu: true,
    parentPath: '/units',
    component: lazy(() => import('../pages/unit-detail/index.tsx')),
  },
  {
    path: '/admin/accounts',
    name: '账户管理',
    icon: TeamOutlined,
    access: 'account:manage',
    component: lazy(() => import('../pages/accounts/index.tsx')),
  },
  {
    path: '/admin/roles',
    name: '角色分配',
    icon: SafetyCertificateOutlined,
    access: 'role:assign',
    component: lazy(() => import('../pages/roles/index.tsx')),
  },
  {
    path: '/admin/divisions',
    name: '区划管理',
    icon: ClusterOutlined,
    access: 'unit:manage',
    component: lazy(() => import('../pages/divisions/index.tsx')),
  },
  {
    path: '/audit',
    name: '审计日志',
    icon: AuditOutlined,
    access: 'audit:read',
    component: lazy(() => import('../pages/audit/index.tsx')),
  },
];
