export const BODY_KINDS = [
  'petitionBureau',
  'registrationDesk',
  'acceptanceOffice',
  'supervisionOffice',
  'government',
  'department',
  'legalAffairsBody',
  'disciplineBody',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  petitionBureau: '信访部门',
  registrationDesk: '登记接待处',
  acceptanceOffice: '受理处',
  supervisionOffice: '督查督办处',
  government: '人民政府',
  department: '职能部门',
  legalAffairsBody: '政法部门',
  disciplineBody: '纪检监察机关',
};

/** The petition bureau and its own offices see every matter in their region; other bodies see their own matters. */
export function isBureauFamily(kind: BodyKind): boolean {
  return kind === 'petitionBureau' || kind === 'registrationDesk' || kind === 'acceptanceOffice' || kind === 'supervisionOffice';
}
