import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Descriptions, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorText, notificationApi, notificationKeys } from '../api';
import { PageError } from '../components/PageError';
import type { OutboxChannel, OutboxItem, OutboxStatus } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';
import { CHANNEL_LABELS, OUTBOX_STATUS_LABELS, chinaTime } from './labels';

const PAGE_SIZE = 50;

/** The attempts of one message and its full text: what an administrator needs to judge a failure. */
function Detail({ item }: { item: OutboxItem }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered items={[{ key: 'text', label: '内容', children: <span style={{ whiteSpace: 'pre-wrap' }}>{item.text}</span> }]} />
      <Timeline
        items={item.history.map((a) => ({
          color: a.ok ? 'green' : 'red',
          content: (
            <span>
              第 {a.attemptNo} 次 · {chinaTime(a.at)} · {a.provider} · {a.ok ? '成功' : '失败'}
              {a.providerMessageId ? ` · 回执 ${a.providerMessageId}` : ''}
              {a.error ? <Typography.Text type="danger"> · {a.error}</Typography.Text> : null}
            </span>
          ),
        }))}
      />
    </Space>
  );
}

/** 通知发送记录: every message of the outbox with its status and attempts; a failed one can be sent again. */
export function OutboxPage() {
  useDocumentTitle('通知发送记录');
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<OutboxStatus | undefined>();
  const [channel, setChannel] = useState<OutboxChannel | undefined>();
  const [page, setPage] = useState(1);
  const query = { status, channel, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const outbox = useQuery({ queryKey: notificationKeys.outbox(query), queryFn: () => notificationApi.outbox(query), placeholderData: keepPreviousData });
  const retry = useMutation({
    mutationFn: (id: string) => notificationApi.retry(id),
    onSuccess: () => message.success('已重新排入发送队列'),
    onError: (err) => message.error(errorText(err)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications', 'outbox'] }),
  });

  if (outbox.isError && !outbox.data) return <PageError error={outbox.error} onRetry={() => outbox.refetch()} />;

  const columns: TableColumnsType<OutboxItem> = [
    { title: '生成时间', dataIndex: 'createdAt', width: 140, render: (v: string) => chinaTime(v) },
    { title: '渠道', dataIndex: 'channel', width: 80, render: (c: OutboxChannel) => CHANNEL_LABELS[c] },
    { title: '主题', dataIndex: 'subject', width: 260, ellipsis: true },
    {
      title: '收件人',
      key: 'recipient',
      width: 190,
      render: (_: unknown, r) => (
        <span>
          {r.recipient.name}
          {r.addressMasked ? <Typography.Text type="secondary"> {r.addressMasked}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: '信访事项',
      dataIndex: 'matterNumber',
      width: 170,
      render: (n: string | null, r) => (n && r.matterId ? <Link to={`/matters/${r.matterId}`}>{n}</Link> : null),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: OutboxStatus) => <Tag color={OUTBOX_STATUS_LABELS[s].color}>{OUTBOX_STATUS_LABELS[s].label}</Tag>,
    },
    { title: '尝试', dataIndex: 'attempts', width: 60 },
    {
      title: '下次尝试 / 发送时间',
      key: 'when',
      width: 150,
      render: (_: unknown, r) => (r.sentAt ? chinaTime(r.sentAt) : chinaTime(r.nextAttemptAt)),
    },
    { title: '最近错误', dataIndex: 'lastError', ellipsis: true, width: 200, render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : null) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_: unknown, r) =>
        r.status === 'dead' ? (
          <Button size="small" loading={retry.isPending && retry.variables === r.id} onClick={() => retry.mutate(r.id)} data-testid="outbox-retry">
            重发
          </Button>
        ) : null,
    },
  ];

  const counts = outbox.data?.counts ?? {};
  return (
    <Card
      title="通知发送记录"
      extra={
        <Space>
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 150 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={(Object.keys(OUTBOX_STATUS_LABELS) as OutboxStatus[]).map((s) => ({ value: s, label: `${OUTBOX_STATUS_LABELS[s].label}（${counts[s] ?? 0}）` }))}
          />
          <Select
            allowClear
            placeholder="全部渠道"
            style={{ width: 120 }}
            value={channel}
            onChange={(v) => {
              setChannel(v);
              setPage(1);
            }}
            options={(Object.keys(CHANNEL_LABELS) as OutboxChannel[]).map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
          />
          <Button onClick={() => outbox.refetch()} loading={outbox.isFetching}>
            刷新
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        短信和电子邮件失败后按 1、2、4、8…分钟（最长 60 分钟）自动重试，多次失败后标为「发送失败」，可在修复后重发。地址已脱敏，查询码只显示末 4 位。
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        loading={outbox.isLoading}
        columns={columns}
        dataSource={outbox.data?.items ?? []}
        expandable={{ expandedRowRender: (r) => <Detail item={r} /> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: outbox.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        scroll={{ x: 1500 }}
      />
    </Card>
  );
}
