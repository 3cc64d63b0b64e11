/**
 * Notifications, the pure part: which event tells whom what (templates.ts), when a failed send is tried again
 * (backoff.ts), and what the outbox shows of addresses and secrets (mask.ts). Sending is src/modules/notifications.
 */
export * from './templates';
export * from './backoff';
export * from './mask';
