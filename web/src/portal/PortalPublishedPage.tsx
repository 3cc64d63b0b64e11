import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Pagination, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { portalApi } from './api';
import { usePortalTitle } from './PortalLayout';

/** 复核意见公示: re-review opinions reached through a hearing, as their bodies chose to publish them (Art. 36 ¶2). */
export function PortalPublishedPage() {
  usePortalTitle('复核意见公示');
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['portal', 'published', page], queryFn: () => portalApi.publishedOpinions(page) });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="portal-published">
      <Typography.Title level={4} style={{ marginTop: 8, marginBottom: 0 }}>
        复核意见公示
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        根据《信访工作条例》第三十六条第二款，经过听证的复核意见可以依法向社会公示。公示内容不含信访人个人信息。
      </Typography.Paragraph>
      {list.isPending && <Skeleton active />}
      {list.isError && <Alert type="error" showIcon title="加载失败，请稍后重试" />}
      {list.data && list.data.items.length === 0 && <Empty description="暂无公示的复核意见" />}
      {list.data?.items.map((o) => (
        <Card key={o.number} size="small" data-testid="published-opinion" title={o.title}>
          <Space wrap size={[8, 4]} style={{ marginBottom: 8 }}>
            <Tag color="blue">{o.outcomeLabel}</Tag>
            <Typography.Text type="secondary">{o.reReviewBody}</Typography.Text>
            <Typography.Text type="secondary">复核意见 {o.opinionOn}</Typography.Text>
            <Typography.Text type="secondary">公示 {o.publishedOn}</Typography.Text>
          </Space>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{o.text}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            事项编号 {o.number}
          </Typography.Text>
        </Card>
      ))}
      {list.data && list.data.total > 10 && <Pagination current={page} total={list.data.total} pageSize={10} onChange={setPage} simple />}
    </Space>
  );
}
