import { Card, Descriptions, Typography } from 'antd';
import type { AppealView } from '../types';

/**
 * 复查 / 复核请求 as the appeal body reads them (Art. 35–36): when, to whom, and why the petitioner disagrees — the
 * reasons its opinion answers — with the opinion under review.
 */
export function AppealCard({ appeal }: { appeal: AppealView }) {
  const requests = [
    { key: 'review', label: '复查请求', request: appeal.reviewRequest },
    { key: 'reReview', label: '复核请求', request: appeal.reReviewRequest },
  ].filter((r) => r.request);
  if (requests.length === 0) return null;
  return (
    <Card title="复查复核请求" size="small" style={{ marginBottom: 16 }} data-testid="appeal-card">
      {requests.map(({ key, label, request }) => (
        <Descriptions
          key={key}
          size="small"
          column={1}
          style={{ marginBottom: 8 }}
          title={<Typography.Text style={{ fontSize: 13 }}>{label}</Typography.Text>}
          items={[
            { key: 'on', label: '请求日期', children: request!.on },
            { key: 'body', label: key === 'review' ? '复查机关' : '复核机关', children: request!.body?.name ?? '' },
            { key: 'reasons', label: '请求理由', children: <span data-testid={`appeal-reasons-${key}`}>{request!.reasons ?? '（未载明）'}</span> },
          ]}
        />
      ))}
      {appeal.underReview && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          原{appeal.underReview.noun}：{appeal.underReview.body?.name ?? ''} {appeal.underReview.on} 作出，{appeal.underReview.outcomeLabel}
        </Typography.Text>
      )}
    </Card>
  );
}
