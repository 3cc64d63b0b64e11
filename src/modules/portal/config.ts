/**
 * The abuse limits of the citizen portal (网上信访), in one place. Every limit is per deployment: `buildApp` takes
 * overrides (`portalLimits`), which tests use to reach them quickly.
 *
 * The per-IP limits count requests at the HTTP layer (@fastify/rate-limit with the database as its store,
 * src/modules/auth/rate-limit-store.ts: every app node counts the same requests). The IP is `request.ip`: the connection's address, or `X-Forwarded-For` when the
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
  /** Attachments one submission may carry; also the files one upload request may carry. */
  attachmentsPerSubmission: number;
  /** Bytes of all files of one upload request together (each file also at most ATTACHMENT_LIMITS.maxBytes). */
  uploadBytesPerRequest: number;
  /** Bytes of all attachments of one submission together. */
  attachmentBytesPerSubmission: number;
  /**
   * Bytes one address may upload in the last hour and in the last 24 hours, counted in the database (across nodes)
   * over the uploads still kept: unlinked uploads expire after ATTACHMENT_LIMITS.unlinkedRetentionHours.
   */
  uploadBytesPerIpPerHour: number;
  uploadBytesPerIpPerDay: number;
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
  // What a petition needs: a few scanned pages, photos, a recording. The address budgets allow several complete
  // submissions from one shared address per hour, and bound what one address can make the server keep to
  // 500 MiB a day (before: 20 files × 20 MiB per request × 30 requests an hour, about 12 GiB an hour).
  uploadBytesPerRequest: 20 * 1024 * 1024,
  attachmentBytesPerSubmission: 20 * 1024 * 1024,
  uploadBytesPerIpPerHour: 100 * 1024 * 1024,
  uploadBytesPerIpPerDay: 500 * 1024 * 1024,
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
