import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/tx';
import { bodies, regions, users } from '../../db/schema';
import { POSITION_LABELS, type Position } from '../../domain/lifecycle';
import { isBureauFamily, permissionsOf, regionPrefix, ROLE_LABELS, BODY_KIND_LABELS, type BodyKind, type Permission, type StaffRole } from '../../domain/org';

/**
 * The authenticated staff member a request acts for, with the scope of matters their body may see:
 * - the petition bureau and its offices: every matter in the bureau's region (a supervision office: its cities);
 * - a people's government: every matter in its region (it is the appeal body of its departments);
 * - any other body: matters it registered, handles or reviews.
 */
export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  login: string;
  displayName: string;
  roles: StaffRole[];
  /** 职务 in the body (承办人, 分管领导, 主要负责人): which sign-off slot is theirs. */
  position: Position | null;
  permissions: Set<Permission>;
  body: { id: string; name: string; kind: BodyKind; level: string; regionCode: string; regionName: string; parentId: string | null };
  scope: { regionPrefixes: string[]; bodyId: string };
  via: 'session' | 'token';
  /** After an administrator's reset: a session may only change the password (src/http/auth.ts). */
  mustChangePassword: boolean;
}

export async function loadStaffPrincipal(db: DbOrTx, userId: string, via: 'session' | 'token'): Promise<StaffPrincipal | null> {
  const [row] = await db
    .select({ user: users, body: bodies, regionName: regions.name })
    .from(users)
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .innerJoin(regions, eq(regions.code, bodies.regionCode))
    .where(eq(users.id, userId));
  if (!row || row.user.disabled) return null;
  const { user, body } = row;
  const roles = user.roles as StaffRole[];
  const bureauFamily = isBureauFamily(body.kind);
  let regionPrefixes: string[] = [];
  if (bureauFamily) {
    regionPrefixes = (body.supervisedRegionCodes?.length ? body.supervisedRegionCodes : [body.regionCode]).map(regionPrefix);
  } else if (body.kind === 'government' || roles.includes('admin')) {
    // A people's government leads the petition work of its region (属地管理) and is the review / re-review body of its
    // departments and of the government below (Art. 35, 36): its counter must find a matter before it is appealed.
    regionPrefixes = [regionPrefix(body.regionCode)];
  }
  return {
    kind: 'staff',
    userId: user.id,
    login: user.login,
    displayName: user.displayName,
    roles,
    position: user.position ?? null,
    permissions: permissionsOf(roles),
    body: { id: body.id, name: body.name, kind: body.kind, level: body.level, regionCode: body.regionCode, regionName: row.regionName, parentId: body.parentId },
    scope: { regionPrefixes, bodyId: body.id },
    via,
    mustChangePassword: user.mustChangePassword,
  };
}

export function describePrincipal(p: StaffPrincipal) {
  return {
    id: p.userId,
    login: p.login,
    displayName: p.displayName,
    roles: p.roles,
    roleLabels: p.roles.map((r) => ROLE_LABELS[r]),
    position: p.position,
    positionLabel: p.position ? POSITION_LABELS[p.position] : null,
    permissions: [...p.permissions].sort(),
    mustChangePassword: p.mustChangePassword,
    body: {
      id: p.body.id,
      name: p.body.name,
      kind: p.body.kind,
      kindLabel: BODY_KIND_LABELS[p.body.kind],
      regionCode: p.body.regionCode,
      regionName: p.body.regionName,
    },
  };
}
