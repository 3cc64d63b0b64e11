// ---------------------------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------------------------

export const ROLES = [
  'registrar',
  'acceptanceOfficer',
  'handler',
  'bodyLeader',
  'supervisor',
  'auditor',
  'leader',
  'admin',
  /** The scheduler and the citizen portal acting on the petitioner's behalf. */
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * A user's position in their body (职务): 承办人, 分管领导, 主要负责人. Roles say what a user may do anywhere (handle,
 * approve); the position says which slot of the body's sign-off chain is theirs (seed 003) and who may approve an
 * extension (Art. 34 "本机关、单位负责人"). Set by an administrator on the account.
 */
export const POSITIONS = ['handler', 'deputyHead', 'principalHead'] as const;
export type Position = (typeof POSITIONS)[number];
/** The positions of a body's heads (负责人: 正职 and 副职). */
export const HEAD_POSITIONS: readonly Position[] = ['deputyHead', 'principalHead'];

/**
 * Who acts. `bodyId` is compared verbatim with the body ids in the state: staff of a bureau's own offices
 * (registration desk, acceptance office, supervision office) must be given the bureau's id, or the matter must be
 * registered with the office's id; the engine does not see the org tree.
 */
export interface Actor {
  userId: string;
  bodyId: string;
  roles: Role[];
  /** The user's position in `bodyId`, or null/absent for a user without one (system, importer, older events). */
  position?: Position | null;
}
