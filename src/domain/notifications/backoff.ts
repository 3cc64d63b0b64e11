/**
 * When a failed send is tried again. Exponential (1, 2, 4, 8 … minutes) so a provider that is down is not hammered,
 * capped so a message still goes out within the hour once it is back, and finite so a message that cannot be sent
 * (a dead number, a gateway that refuses it) stops being retried and shows up for an administrator instead.
 */
export interface RetryPolicy {
  /** Delay after the first failure. */
  baseMinutes: number;
  capMinutes: number;
  /** Attempts in all; after the last failure the message is dead. */
  maxAttempts: number;
}

/** About 4 hours from the first attempt to the last: 1+2+4+8+16+32+60+60+60 minutes between 10 attempts. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMinutes: 1, capMinutes: 60, maxAttempts: 10 };

/** Minutes to wait after the `attempt`-th attempt (1-based) failed. */
export function retryDelayMinutes(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 30 minutes is far past any cap; clamping the exponent keeps the arithmetic finite.
  return Math.min(policy.capMinutes, policy.baseMinutes * 2 ** Math.min(exponent, 30));
}

export type AfterFailure = { status: 'pending'; nextAttemptAt: Date } | { status: 'dead' };

/**
 * What becomes of a message whose `attempts`-th attempt failed at `now`. `permanent`: the failure will not go away
 * by waiting (no address to send to), so the message is dead at once.
 */
export function afterFailure(attempts: number, now: Date, policy: RetryPolicy = DEFAULT_RETRY_POLICY, permanent = false): AfterFailure {
  if (permanent || attempts >= policy.maxAttempts) return { status: 'dead' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMinutes(attempts, policy) * 60_000) };
}
