import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText } from '../api';
import { formatChina } from '../chinaTime';
import { PageError } from '../components/PageError';
import { useHasPermission } from '../auth';
import { useDocumentTitle } from '../useDocumentTitle';
import { adminApi, adminKeys, type EventItem, type EventsQuery, type VerifyResult } from './api';

const ENTITY_LABELS: Record<NonNullable<EventsQuery['entityType']>, string> = {
  matter: '信访事项',
  petition: '信访件',
  petitioner: '信访人',
  group: '信访人群体',
  attachment: '附件',
  import: '导入',
  user: '用户',
  session: '会话',
  calendar: '工作日历',
  system: '系统',
  document: '文书',
  setting: '设置',
  routingModel: '分办模型',
  body: '机构',
};

type Filter = Partial<Pick<EventsQuery, 'entityType' | 'entityId' | 'actor' | 'from' | 'to' | 'type'>>;

/**
 * 审计查询: the audit trail (全程留痕) searched by entity, actor and date, with the chain verification; the reads of
 * personal data have their own page (个人信息查阅记录).
 */
export function AuditPage() {
  useDocumentTitle('审计查询');
  const can = useHasPermission();
  const [filter, setFilter] = useState<Filter>({});
  const events = useInfiniteQuery({
    queryKey: adminKeys.events(filter),
    queryFn: ({ pageParam }) => adminApi.events({ ...filter, before: pageParam, limit: 50 }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const verify = useMutation({ mutationFn: adminApi.verify });
  const canVerify = can('audit.verify');

  const columns: TableColumnsType<EventItem> = [
    { title: '时间', key: 'at', width: 160, render: (_: unknown, e) => formatChina(e.occurredAt) },
    { title: '对象', key: 'entity', width: 260, render: (_: unknown, e) => <span>{ENTITY_LABELS[e.entityType as keyof typeof ENTITY_LABELS] ?? e.entityType} <Typography.Text type="secondary" copyable={{ text: e.entityId }} style={{ fontSize: 12 }}>{e.entityId.slice(0, 13)}</Typography.Text> #{e.seq}</span> },
    { title: '事件', dataIndex: 'type', width: 200 },
    { title: '操作人', key: 'actor', width: 220, render: (_: unknown, e) => (e.actor ? `${e.actor.name ?? ''}（${e.actor.login ?? e.actor.id}）${e.actor.bodyName ? ` · ${e.actor.bodyName}` : ''}` : '系统') },
    { title: '内容', key: 'payload', render: (_: unknown, e) => <Typography.Text ellipsis={{ tooltip: JSON.stringify(e.payload, null, 1) }} style={{ maxWidth: 360, fontSize: 12 }}>{JSON.stringify(e.payload)}</Typography.Text> },
  ];
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title="审计查询"
        data-testid="audit-page"
        extra={
          <Space>
            <Link to="/audit/pii-access">个人信息查阅记录</Link>
            {canVerify && (
              <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
                校验记录链
              </Button>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            每项操作都按时间顺序记入不可修改的记录链（全程留痕）。“校验记录链”逐条核对哈希，发现被改动或删除的记录会指出第一处。
          </Typography.Paragraph>
          {verify.data && <VerifyAlert result={verify.data} />}
          {verify.isError && <Alert type="error" showIcon title={errorText(verify.error)} />}
          <Form<Filter> layout="inline" onFinish={(v) => setFilter(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as Filter)} data-testid="audit-filter">
            <Form.Item name="entityType">
              <Select allowClear placeholder="对象类型" style={{ width: 130 }} options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))} data-testid="audit-entity-type" />
            </Form.Item>
            <Form.Item name="entityId">
              <Input allowClear placeholder="对象编号" style={{ width: 180 }} data-testid="audit-entity-id" />
            </Form.Item>
            <Form.Item name="actor">
              <Input allowClear placeholder="操作人账号" style={{ width: 140 }} data-testid="audit-actor" />
            </Form.Item>
            <Form.Item name="from">
              <Input type="date" style={{ width: 150 }} data-testid="audit-from" />
            </Form.Item>
            <Form.Item name="to">
              <Input type="date" style={{ width: 150 }} data-testid="audit-to" />
            </Form.Item>
            <Form.Item name="type">
              <Input allowClear placeholder="事件（如 user.）" style={{ width: 150 }} data-testid="audit-type" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" data-testid="audit-search">
                查询
              </Button>
            </Form.Item>
          </Form>
        </Space>
      </Card>
      <Card>
        {events.isError ? (
          <PageError error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Table<EventItem> size="small" rowKey="id" loading={events.isPending} dataSource={items} columns={columns} pagination={false} data-testid="audit-results" locale={{ emptyText: '没有符合条件的记录' }} />
            {events.hasNextPage && (
              <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                加载更多
              </Button>
            )}
          </Space>
        )}
      </Card>
    </Space>
  );
}

function VerifyAlert({ result }: { result: VerifyResult }) {
  if (result.ok) return <Alert type="success" showIcon data-testid="audit-verify-result" title={`记录链完整：已核对 ${result.checked} 条记录，未发现改动或删除`} />;
  const b = result.firstBreak;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify-result"
      title={`记录链在第 ${b?.id ?? '?'} 条处断开：${b?.reasonZh ?? ''}`}
      description={b ? `对象 ${b.entityType} ${b.entityId} 的第 ${b.seq} 条记录（${b.type}）；已核对 ${result.checked} 条。` : undefined}
    />
  );
}
