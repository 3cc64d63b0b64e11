// The left navigation. An item shows when the user holds its permission (工作台 always).
// Capabilities not built yet route to the 「建设中」 page with a description of what is coming.

export interface NavItem {
  path: string;
  label: string;
  /** Permission required to see the item; undefined = every signed-in user. */
  permission?: string;
  /** The menu group it is listed under (系统管理), if any. */
  group?: string;
  /** Set while the capability is not built yet: what the page will offer. */
  comingSoon?: { feature: string; description: string };
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: '工作台' },
  { path: '/matters', label: '信访事项', permission: 'matter.read' },
  { path: '/register', label: '登记', permission: 'matter.register' },
  { path: '/dispatch', label: '受理分办', permission: 'matter.dispatch' },
  { path: '/handling', label: '办理', permission: 'matter.handle' },
  { path: '/registry', label: '终结备案库', permission: 'matter.read' },
  {
    path: '/supervision',
    label: '督查督办',
    permission: 'supervision.read',
  },
  {
    path: '/audit',
    label: '质量评查',
    permission: 'audit.read',
    comingSoon: {
      feature: '质量评查（一案一评）',
      description: '抽样评查、评分表、负分问题清单与整改跟踪、复盘溯源。',
    },
  },
  { path: '/audit/pii-access', label: '个人信息查阅记录', permission: 'audit.read' },
  {
    path: '/analytics',
    label: '统计分析',
    permission: 'analytics.read',
    comingSoon: {
      feature: '统计分析',
      description: '及时受理率、按期办结率、满意率、参评率、重复信访率等指标与报表。',
    },
  },
  // 系统管理: the administrator's pages.
  { path: '/admin/bodies', label: '机构管理', permission: 'admin.manage', group: '系统管理' },
  { path: '/admin/accounts', label: '用户与令牌', permission: 'admin.manage', group: '系统管理' },
  { path: '/supervision/partitions', label: '督查设置', permission: 'admin.manage', group: '系统管理' },
  { path: '/admin/time-limits', label: '办理时限', permission: 'admin.manage', group: '系统管理' },
  { path: '/admin/document-templates', label: '文书模板', permission: 'admin.manage', group: '系统管理' },
  { path: '/admin/calendar', label: '工作日历', permission: 'calendar.manage', group: '系统管理' },
  { path: '/admin/audit', label: '审计查询', permission: 'audit.read', group: '系统管理' },
  { path: '/notifications/outbox', label: '通知发送记录', permission: 'admin.manage', group: '系统管理' },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
}

/** The nav item a pathname belongs to (for the selected menu key). */
export function navItemFor(pathname: string): NavItem | undefined {
  return NAV_ITEMS.filter((item) => item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
