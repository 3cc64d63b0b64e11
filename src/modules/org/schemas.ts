import { z } from 'zod';
import { BODY_KINDS } from '../../domain/org/body';

/** The API contract of 机构管理 (the administrator's bodies) and the region lookup it needs. */

export const REGION_LEVELS = ['province', 'city', 'county', 'town'] as const;

export const AdminBody = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(BODY_KINDS),
  kindLabel: z.string(),
  level: z.enum(REGION_LEVELS),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  parentId: z.string().nullable(),
  competence: z.array(z.string()).describe('content categories of the configured tree the body is competent for'),
  remit: z.string().nullable().describe('专责专章: the text of the body’s remit'),
  abbreviation: z.string().nullable().describe('机关代字; null: derived from the name'),
  prefix: z.string().describe('what its document numbers begin with'),
  active: z.boolean(),
  activeUsers: z.number().int(),
});
export type AdminBody = z.infer<typeof AdminBody>;

const Editable = {
  name: z.string().trim().min(1).max(60),
  kind: z.enum(BODY_KINDS),
  parentId: z.string().uuid().nullable(),
  competence: z.array(z.string().min(1).max(50)).max(50).default([]),
  remit: z.string().max(4000).nullable().default(null),
  abbreviation: z.string().max(20).nullable().default(null),
};

export const NewBody = z.object({
  code: z.string().trim().min(1).max(40),
  ...Editable,
  level: z.enum(REGION_LEVELS),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/),
});
export type NewBody = z.infer<typeof NewBody>;

/** Code, region and level are a body's identity in imports and document numbers: they are not edited. */
export const BodyChanges = z.object(Editable).partial();
export type BodyChanges = z.infer<typeof BodyChanges>;

export const RegionItem = z.object({ code: z.string(), name: z.string(), level: z.enum(REGION_LEVELS), parentCode: z.string().nullable() });
export const RegionQuery = z.object({
  q: z.string().max(50).optional().describe('part of a name, or the start of a code'),
  parent: z.string().regex(/^\d{6}$/).optional().describe('only the regions directly under this one'),
});
