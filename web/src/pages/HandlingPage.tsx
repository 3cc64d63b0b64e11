import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorText, queryKeys } from '../api';
import { useMe } from '../auth';
import { NextClock } from '../components/Clock';
import { StatusTag } from '../components/StatusTag';
import { DISPATCH_LABELS, label } from '../dispatch/labels';
import type { InboxStage, QueueItem } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';

const STAGES: { key: InboxStage; label: string; empty: string }[] = [
  { key: 'toAccept', label: '待受理', empty: '暂无待受理事项' },
  { key: 'handling', label: '办理中', empty: '暂无办理中的事项' },
  { key: 'supervised', label: '督办件', empty: '暂无待回复的督办' },
  { key: 'appeals', label: '复查复核', empty: '暂无待复查、复核的事项' },
];
const PAGE_SIZE = 50;

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace', fontSize: 12 };

/**
 * 办理: the receiving body's inbox (GET /inbox): matters forwarded, assigned or kept for it. 待受理 = to accept (or
 * object to within the return window), 办理中 = accepted and on, 督办件 = supervisions awaiting the body's written reply,
 * 复查复核 = review and re-review requests this body decides as the level above. Each row opens the matter, where the
 * actions are.
 */
export function HandlingPage() {
  useDocumentTitle('办理');
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const stage: InboxStage = STAGES.find((s) => s.key === params.get('stage'))?.key ?? 'toAccept';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const setQuery = (next: { stage?: InboxStage; page?: number }) => {
    const sp = new URLSearchParams();
    const s = next.stage ?? stage;
    if (s !== 'toAccept') sp.set('stage', s);
    const p = next.stage ? 1 : (next.page ?? page);
    if (p !== 1) sp.set('page', String(p));
    setParams(sp);
  };

  const list = useQuery({ queryKey: queryKeys.inbox(stage, page, PAGE_SIZE), queryFn: () => api.inbox(stage, page, PAGE_SIZE), placeholderData: keepPreviousData, staleTime: 0 });
  const counts: Partial<Record<InboxStage, number | undefined>> = {
    toAccept: useQuery({ queryKey: queryKeys.inbox('toAccept', 1, 1), queryFn: () => api.inbox('toAccept', 1, 1), staleTime: 0 }).data?.total,
    handling: useQuery({ queryKey: queryKeys.inbox('handling', 1, 1), queryFn: () => api.inbox('handling', 1, 1), staleTime: 0 }).data?.total,
    supervised: useQuery({ queryKey: queryKeys.inbox('supervised', 1, 1), queryFn: () => api.inbox('supervised', 1, 1), staleTime: 0 }).data?.total,
  };
  const from = { path: `/handling${params.toString() ? `?${params.toString()}` : ''}`, label: '办理' };

  const columns: TableColumnsType<QueueItem> = [
    {
      title: '事项',
      dataIndex: 'title',
      ellipsis: { showTitle: false },
      render: (t: string, item) => (
        <div style={{ lineHeight: 1.35, overflow: 'hidden' }}>
          <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            <Link to={`/matters/${item.id}`} state={{ from }} onClick={(e) => e.stopPropagation()} data-testid="inbox-link" title={t}>
              {t}
            </Link>
          </div>
          <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            <span style={{ ...mono, color: 'rgba(0,0,0,0.45)' }}>{item.number}</span>
            {item.returnRequest && item.status === 'returnRequested' && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                已申请退回：{item.returnRequest.reason}
              </Typography.Text>
            )}
          </div>
        </div>
      ),
    },
    { title: '状态', key: 'status', width: 104, render: (_: unknown, item) => <StatusTag status={item.status} label={item.statusLabel} /> },
    {
      title: '来源',
      key: 'dispatch',
      width: 84,
      render: (_: unknown, item) => (item.dispatch ? <Tag style={{ marginInlineEnd: 0 }}>{label(DISPATCH_LABELS, item.dispatch)}</Tag> : <Typography.Text type="secondary">直接受理</Typography.Text>),
    },
    { title: '区划', dataIndex: 'regionName', width: 80, ellipsis: true },
    { title: '渠道', dataIndex: 'channelLabel', width: 72, ellipsis: true },
    {
      title: '收到',
      key: 'received',
      width: 96,
      // The day this body received it (its 15 days and 5 working days count from it), not the petition's first receipt.
      render: (_: unknown, item) => <Tooltip title={`信访件收到：${item.receivedOn}`}>{item.dispatchedOn ?? item.receivedOn}</Tooltip>,
    },
    {
      title: '分类',
      key: 'classification',
      width: 160,
      render: (_: unknown, item) =>
        item.classification ? (
          <Tooltip title={item.classification.art31RouteLabel ?? undefined}>
            <span style={{ fontSize: 12 }}>
              <Tag color="blue" style={{ marginInlineEnd: 4 }}>
                {item.classification.purposeLabel}
              </Tag>
              {item.classification.categoryNames.join(' › ')}
            </span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">未分类</Typography.Text>
        ),
    },
    { title: '时限', key: 'clock', width: 170, render: (_: unknown, item) => <NextClock clock={item.nextClock} /> },
  ];

  const current = STAGES.find((s) => s.key === stage)!;
  return (
    <Card
      data-testid="handling-page"
      title="办理"
      extra={<Typography.Text type="secondary">{me.body.name}</Typography.Text>}
      styles={{ body: { paddingTop: 0 } }}
    >
      <Tabs
        activeKey={stage}
        onChange={(key) => setQuery({ stage: key as InboxStage })}
        items={STAGES.map((s) => ({
          key: s.key,
          label: (
            <span data-testid={`inbox-stage-${s.key}`}>
              {s.label}
              {counts[s.key] !== undefined ? `（${counts[s.key]}）` : ''}
            </span>
          ),
        }))}
      />
      {list.isError && <Alert type="error" showIcon title="事项加载失败" description={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Table<QueueItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: current.empty }}
        onRow={(item) =>
          ({
            'data-testid': 'inbox-row',
            'data-matter-id': item.id,
            'data-status': item.status,
            style: { cursor: 'pointer' },
            onClick: () => navigate(`/matters/${item.id}`, { state: { from } }),
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (p) => setQuery({ page: p }),
        }}
      />
    </Card>
  );
}
