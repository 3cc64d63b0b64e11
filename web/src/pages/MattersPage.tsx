import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Switch, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorText, queryKeys } from '../api';
import { NextClock } from '../components/Clock';
import { MoreRows, totalText, useCursorPages } from '../components/CursorPaging';
import { StatusTag } from '../components/StatusTag';
import type { MatterListQuery, MatterSummary } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';

const PAGE_SIZES = [10, 20, 50, 100];

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Filters and the page size live in the URL, so back/forward and shared links keep them. */
function useListQuery(): [MatterListQuery, (patch: Partial<MatterListQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const pageSize = positiveInt(params.get('pageSize'), 20);
  const query: MatterListQuery = {
    status: params.get('status') ?? undefined,
    q: params.get('q') ?? undefined,
    overdue: params.get('overdue') === 'true',
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
  const update = (patch: Partial<MatterListQuery>) => {
    const next = { ...query, ...patch };
    const sp = new URLSearchParams();
    if (next.status) sp.set('status', next.status);
    if (next.q) sp.set('q', next.q);
    if (next.overdue) sp.set('overdue', 'true');
    if (next.pageSize !== 20) sp.set('pageSize', String(next.pageSize));
    setParams(sp);
  };
  return [query, update];
}

const columns: TableColumnsType<MatterSummary> = [
  {
    title: '事项编号',
    dataIndex: 'number',
    width: 180,
    render: (n: string) => <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace', fontSize: 13 }}>{n}</span>,
  },
  { title: '标题', dataIndex: 'title', ellipsis: true },
  {
    title: '状态',
    dataIndex: 'status',
    width: 110,
    render: (_: string, m) => <StatusTag status={m.status} label={m.statusLabel} />,
  },
  { title: '行政区划', dataIndex: 'regionName', width: 130, ellipsis: true },
  {
    title: '责任单位',
    key: 'responsibleBody',
    width: 170,
    ellipsis: true,
    render: (_: unknown, m) => m.responsibleBody?.name ?? <Typography.Text type="secondary">未确定</Typography.Text>,
  },
  { title: '收到日期', dataIndex: 'receivedOn', width: 110 },
  {
    title: '下一时限',
    key: 'nextClock',
    width: 190,
    render: (_: unknown, m) => <NextClock clock={m.nextClock} />,
  },
];

export function MattersPage() {
  useDocumentTitle('信访事项');
  const navigate = useNavigate();
  const [query, update] = useListQuery();
  const [search, setSearch] = useState(query.q ?? '');
  useEffect(() => setSearch(query.q ?? ''), [query.q]);

  // Keyset pages: "加载更多" appends the next page after the last row (no page numbers: a province has a million).
  const list = useCursorPages(queryKeys.matters(query), (cursor) => api.matters(query, cursor));
  // The status options come from the server (dashboard byStatus): the UI keeps no list of statuses.
  const dashboard = useQuery({ queryKey: queryKeys.dashboard, queryFn: () => api.dashboard() });
  const statusOptions = (dashboard.data?.byStatus ?? []).map((s) => ({ value: s.status, label: s.statusLabel }));
  if (query.status && !statusOptions.some((o) => o.value === query.status)) {
    statusOptions.push({ value: query.status, label: query.status });
  }

  const filtered = Boolean(query.status || query.q || query.overdue);

  return (
    <Card
      title="信访事项"
      data-testid="matters-page"
      extra={
        <Typography.Text type="secondary">
          {totalText(list.total, list.totalExact)}
        </Typography.Text>
      }
    >
      <Space wrap size={[16, 12]} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 160 }}
          value={query.status}
          options={statusOptions}
          loading={dashboard.isPending}
          onChange={(status?: string) => update({ status: status || undefined })}
          data-testid="filter-status"
        />
        <Input.Search
          allowClear
          placeholder="事项编号、标题或信访人"
          style={{ width: 300 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          enterButton="查询"
          data-testid="filter-q"
        />
        <Space size={8}>
          <Switch
            checked={query.overdue}
            onChange={(overdue) => update({ overdue })}
            data-testid="filter-overdue"
          />
          <span>只看超期</span>
        </Space>
        {filtered && (
          <Button type="link" onClick={() => { setSearch(''); update({ status: undefined, q: undefined, overdue: false }); }}>
            重置
          </Button>
        )}
      </Space>

      {list.isError && (
        <Alert type="error" showIcon title="事项列表加载失败" description={errorText(list.error)} style={{ marginBottom: 16 }} />
      )}

      <Table<MatterSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.isFetching}
        locale={{ emptyText: filtered ? '没有符合条件的信访事项' : '暂无信访事项' }}
        onRow={(m) => {
          const attrs = {
            'data-testid': 'matter-row',
            'data-matter-id': m.id,
            style: { cursor: 'pointer' },
            onClick: () => navigate(`/matters/${m.id}`),
          };
          return attrs;
        }}
        pagination={false}
      />
      <MoreRows shown={list.items.length} total={list.total} exact={list.totalExact} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
      <Space style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">每次加载</Typography.Text>
        <Select size="small" value={query.pageSize} options={PAGE_SIZES.map((n) => ({ value: n, label: `${n} 件` }))} onChange={(pageSize: number) => update({ pageSize })} data-testid="page-size" />
      </Space>
    </Card>
  );
}
