import { ROLES, type Role } from '../lifecycle/types';

/**
 * Staff roles and what each may do. Permissions are `resource.verb` strings (STYLE.md principle 2); a route
 * declares the permission it needs, and the scope (which matters) is decided separately by the access module.
 */
export const STAFF_ROLES = ROLES.filter((r): r is Exclude<Role, 'system'> => r !== 'system');
export type StaffRole = Exclude<Role, 'system'>;

export const ROLE_LABELS: Record<StaffRole, string> = {
  registrar: '登记员',
  acceptanceOfficer: '受理员',
  handler: '承办人',
  bodyLeader: '单位负责人',
  supervisor: '督查督办员',
  auditor: '评查员',
  leader: '领导/分析',
  admin: '系统管理员',
};

export const PERMISSIONS = [
  'matter.read',
  'matter.register',
  'matter.dispatch',
  'matter.handle',
  'matter.approve',
  'petitioner.pii.read',
  'supervision.read',
  'supervision.act',
  'audit.read',
  'audit.verify',
  'analytics.read',
  'calendar.manage',
  'admin.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a permission lets one do, in the words a refusal shows a user (never the code alone). */
export const PERMISSION_LABELS: Record<Permission, string> = {
  'matter.read': '查阅信访事项',
  'matter.register': '登记信访件',
  'matter.dispatch': '受理分办（转送、交办）',
  'matter.handle': '办理信访事项',
  'matter.approve': '审批（延期、转普通程序）',
  'petitioner.pii.read': '查阅信访人个人信息',
  'supervision.read': '查阅督查督办',
  'supervision.act': '督查督办',
  'audit.read': '查阅评查与审计记录',
  'audit.verify': '校验办理记录',
  'analytics.read': '统计分析',
  'calendar.manage': '维护工作日历',
  'admin.manage': '系统管理',
};

const GRANTS: Record<StaffRole, readonly Permission[]> = {
  registrar: ['matter.read', 'matter.register', 'petitioner.pii.read'],
  acceptanceOfficer: ['matter.read', 'matter.dispatch'],
  handler: ['matter.read', 'matter.handle', 'petitioner.pii.read'],
  bodyLeader: ['matter.read', 'matter.handle', 'matter.approve', 'petitioner.pii.read'],
  supervisor: ['matter.read', 'supervision.read', 'supervision.act'],
  auditor: ['matter.read', 'audit.read'],
  leader: ['matter.read', 'supervision.read', 'analytics.read'],
  // Administration does not include reading personal data: an admin manages the system, not petitioners.
  admin: ['matter.read', 'admin.manage', 'calendar.manage', 'audit.verify', 'audit.read'],
};

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of GRANTS[r as StaffRole] ?? []) out.add(p);
  return out;
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
