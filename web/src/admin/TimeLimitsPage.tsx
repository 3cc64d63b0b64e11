import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorText } from '../api';
import { formatChina } from '../chinaTime';
import { PageError } from '../components/PageError';
import { useDocumentTitle } from '../useDocumentTitle';
import { adminApi, adminKeys, type TimeLimitItem, type TimeLimitsView } from './api';

type Limit = Pick<TimeLimitItem, 'unit' | 'amount' | 'article'>;
type History = TimeLimitsView['history'][number];

const UNIT_LABELS: Record<Limit['unit'], string> = { days: '自然日', workingDays: '工作日' };
const describe = (l: Limit) => `${l.amount} ${UNIT_LABELS[l.unit]}`;

/**
 * 办理时限 (administrator): each statutory time limit as the deployment counts it, beside the national rule and the
 * bounds the statute allows; a changed limit cites its own provision. Every change is kept with who made it.
 */
export function TimeLimitsPage() {
  useDocumentTitle('办理时限');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const view = useQuery({ queryKey: adminKeys.timeLimits, queryFn: adminApi.timeLimits });
  const [edits, setEdits] = useState<Record<string, Limit>>({});
  const save = useMutation({
    mutationFn: () => {
      const limits = Object.fromEntries((view.data?.items ?? []).map((i) => [i.name, edits[i.name] ?? { unit: i.unit, amount: i.amount, article: i.article }]));
      return adminApi.putTimeLimits({ limits });
    },
    onSuccess: (next) => {
      queryClient.setQueryData(adminKeys.timeLimits, next);
      setEdits({});
      void message.success('办理时限已保存，此后的办理和计时按新时限执行');
    },
  });

  if (view.isError) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const current = (i: TimeLimitItem): Limit => edits[i.name] ?? { unit: i.unit, amount: i.amount, article: i.article };
  const edit = (i: TimeLimitItem, change: Partial<Limit>) => setEdits((e) => ({ ...e, [i.name]: { ...current(i), ...change } }));
  const columns: TableColumnsType<TimeLimitItem> = [
    {
      title: '时限',
      key: 'label',
      width: 150,
      render: (_: unknown, i) => (
        <Space size={4}>
          {i.labelZh}
          {i.overridden && <Tag color="blue">本省</Tag>}
        </Space>
      ),
    },
    {
      title: '全国规定',
      key: 'national',
      width: 220,
      render: (_: unknown, i) => (
        <Space orientation="vertical" size={0}>
          <span>{describe(i.national)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.national.article}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '本平台执行',
      key: 'amount',
      width: 220,
      render: (_: unknown, i) => (
        <Space size={4}>
          <InputNumber
            size="small"
            min={i.bounds.min}
            max={i.bounds.max}
            value={current(i).amount}
            onChange={(v) => edit(i, { amount: Number(v ?? i.bounds.min) })}
            style={{ width: 72 }}
            data-testid={`limit-amount-${i.name}`}
          />
          <Select<Limit['unit']>
            size="small"
            value={current(i).unit}
            onChange={(unit) => edit(i, { unit })}
            options={(['days', 'workingDays'] as const).map((u) => ({ value: u, label: UNIT_LABELS[u] }))}
            style={{ width: 90 }}
            data-testid={`limit-unit-${i.name}`}
          />
        </Space>
      ),
    },
    { title: '允许范围', key: 'bounds', width: 110, render: (_: unknown, i) => `${i.bounds.min}–${i.bounds.max} 日` },
    {
      title: '依据',
      key: 'article',
      render: (_: unknown, i) => (
        <Input size="small" value={current(i).article} onChange={(e) => edit(i, { article: e.target.value })} data-testid={`limit-article-${i.name}`} />
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title="办理时限"
        data-testid="time-limits-page"
        extra={
          <Space>
            <Button disabled={Object.keys(edits).length === 0 || save.isPending} onClick={() => setEdits({})}>
              放弃修改
            </Button>
            <Button type="primary" disabled={Object.keys(edits).length === 0} loading={save.isPending} onClick={() => save.mutate()} data-testid="time-limits-save">
              保存
            </Button>
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            机关的办理期限（转送交办、受理告知、办理、复查、复核等）只能缩短，不能超过《信访工作条例》的规定；信访人申请复查、复核的期限只能放宽。与全国规定不同的时限须写明本省依据，事项的计时旁会显示该依据。保存后新的办理和计时即按新时限执行。
          </Typography.Paragraph>
          {save.isError && <Alert type="error" showIcon title={errorText(save.error)} data-testid="time-limits-error" />}
          <Table<TimeLimitItem> size="small" rowKey="name" loading={view.isPending} dataSource={view.data?.items ?? []} columns={columns} pagination={false} />
        </Space>
      </Card>
      <Card title="修改记录" data-testid="time-limits-history">
        <Table<History>
          size="small"
          rowKey="id"
          dataSource={view.data?.history ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未修改：执行全国规定' }}
          columns={[
            { title: '时间', key: 'at', width: 160, render: (_: unknown, h) => formatChina(h.occurredAt) },
            { title: '修改人', key: 'actor', width: 160, render: (_: unknown, h) => (h.actor ? `${h.actor.name}（${h.actor.login}）` : `系统（配置文件 ${h.source ?? ''}）`) },
            {
              title: '修改内容',
              key: 'changes',
              render: (_: unknown, h) => (
                <Space orientation="vertical" size={0}>
                  {h.changes.map((c) => (
                    <span key={c.name}>
                      {c.labelZh}：{describe(c.before)} → {describe(c.after)}
                      {c.after.article !== c.before.article && <Typography.Text type="secondary">（依据：{c.after.article}）</Typography.Text>}
                    </span>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
