import type { OutboxChannel, OutboxStatus } from '../types';
import { formatChina } from '../chinaTime';

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, { label: string; color: string }> = {
  pending: { label: '待发送', color: 'processing' },
  sending: { label: '发送中', color: 'processing' },
  sent: { label: '已发送', color: 'success' },
  dead: { label: '发送失败', color: 'error' },
};

export const CHANNEL_LABELS: Record<OutboxChannel, string> = { inApp: '站内', sms: '短信', email: '电子邮件' };

/** 2025-09-15T02:00:00.000Z → 2025-09-15 10:00 (China time, whatever the browser's zone). */
export function chinaTime(iso: string | null): string {
  if (!iso) return '';
  return formatChina(iso);
}
