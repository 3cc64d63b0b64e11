/**
 * The abuse limits of the citizen portal (网上信访), in one place. Every limit is per deployment: `buildApp` takes
 * overrides (`portalLimits`), which tests use to reach them quickly.
 *
 * The per-IP limits count requests at the HTTP layer (@fastify/rate-limit, in memory, per process: with several app
 * nodes each node counts its own). The IP is `request.ip`: the connection's address, or `X-Forwarded-For` when the
 * app is told to trust a proxy (`XINFANG_TRUST_PROXY`); set that only behind a proxy that sets the header, or a
 * client can choose its own IP.
 */
export interface PortalLimits {
  /** Submissions (POST /portal/petitions) per IP per hour, whatever their outcome. */
  submissionsPerIpPerHour: number;
  /** Submissions naming the same ID number per China day (counted in the database, so across nodes). */
  submissionsPerIdPerDay: number;
  /** Upload requests (POST /portal/attachments) per IP per hour. */
  uploadsPerIpPerHour: number;
  /** Attachments one submission may carry. */
  attachmentsPerSubmission: number;
  /** Queries (POST /portal/query) per IP per minute. */
  queriesPerIpPerMinute: number;
  /** Wrong `last4` answers for one query code before the code is locked. */
  queryFailuresBeforeLock: number;
  /** How long a locked query code stays locked. */
  queryLockMinutes: number;
  /** Largest JSON body of a submission, in bytes (the texts' own limits are in the schema). */
  submissionBodyBytes: number;
}

export const PORTAL_LIMITS: PortalLimits = {
  // Generous per address: many citizens share one (a carrier's NAT, a community service centre's computer); the
  // limit per ID number is the one that binds a person.
  submissionsPerIpPerHour: 30,
  submissionsPerIdPerDay: 3,
  uploadsPerIpPerHour: 30,
  attachmentsPerSubmission: 10,
  queriesPerIpPerMinute: 10,
  queryFailuresBeforeLock: 5,
  queryLockMinutes: 15,
  submissionBodyBytes: 128 * 1024,
};

/** Lengths of the submission's texts (characters). Chinese text is 3 bytes a character in UTF-8. */
export const PORTAL_TEXT_LIMITS = {
  name: 50,
  address: 200,
  title: 100,
  request: 2000,
  facts: 5000,
  reasons: 3000,
  evaluationComment: 500,
} as const;
