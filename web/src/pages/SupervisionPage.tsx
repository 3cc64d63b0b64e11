import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, InputNumber, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, errorText } from '../api';
import type { BoardClockRow, DutyFailureRow } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';
import { MatterCell } from '../components/MatterCell';
import { IndicatorsCard } from './IndicatorsCard';
import { MatterActionButton } from '../supervision/MatterActionButton';
import { SupervisionCases, useOpenCases } from '../supervision/SupervisionCases';

const from = { path: '/supervision', label: '督查督办' };

function matterCell(row: { matterId: string; title: string; number: string }) {
  return <MatterCell id={row.matterId} title={row.title} number={row.number} from={from} testId="board-matter-link" />;
}

const failureColumns: TableColumnsType<DutyFailureRow> = [
  { title: '问题', dataIndex: 'labelZh', width: 230, render: (l: string, r) => <Tooltip title={r.article}><Tag color="red">{l}</Tag></Tooltip> },
  { title: '事项', key: 'matter', render: (_: unknown, r) => matterCell(r) },
  { title: '区划', dataIndex: 'regionName', width: 100 },
  { title: '责任单位', key: 'body', width: 220, render: (_: unknown, r) => r.body?.name ?? '—' },
  { title: '起始', dataIndex: 'since', width: 110 },
  { title: '情况', dataIndex: 'detailZh', render: (d: string, r) => (<><div>{d}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>依据：{r.article}</Typography.Text></>) },
  {
    title: '操作',
    key: 'act',
    width: 80,
    // The failure becomes the letter's reason: the office only checks it and sends.
    render: (_: unknown, r) => (
      <MatterActionButton matterId={r.matterId} type="supervise" label="督办" testId="board-supervise" initial={{ reason: r.detailZh, dutyCheck: r.check }} />
    ),
  },
];

function clockColumns(overdue: boolean): TableColumnsType<BoardClockRow> {
  return [
    { title: '事项', key: 'matter', render: (_: unknown, r) => matterCell(r) },
    { title: '区划', dataIndex: 'regionName', width: 100 },
    { title: '时限', dataIndex: 'clockLabel', width: 130 },
    { title: '截止日期', dataIndex: 'due', width: 110 },
    {
      title: overdue ? '已超期' : '剩余',
      dataIndex: 'daysLeft',
      width: 90,
      render: (d: number) => <Typography.Text type={overdue ? 'danger' : d <= 1 ? 'warning' : undefined} strong>{overdue ? `${-d} 天` : `${d} 天`}</Typography.Text>,
    },
    { title: '应办单位', key: 'body', width: 220, render: (_: unknown, r) => r.body?.name ?? '—' },
    {
      title: '操作',
      key: 'act',
      width: 80,
      render: (_: unknown, r) => (
        <MatterActionButton
          matterId={r.matterId}
          type="supervise"
          label={overdue ? '督办' : '提醒'}
          testId="board-supervise"
          initial={
            overdue
              ? { reason: `${r.clockLabel}已于 ${r.due} 届满，至今未完成` }
              : { reason: `${r.clockLabel}将于 ${r.due} 届满`, method: 'online', letterKind: 'reminderLetter' }
          }
        />
      ),
    },
  ];
}

/** Above a board list that holds only the most urgent rows: how many matters there are in all. */
function ShownOf({ shown, total }: { shown: number | undefined; total: number | undefined }) {
  if (shown === undefined || total === undefined || shown >= total) return null;
  return <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>共 {total} 件事项，按到期日显示最紧急的 {shown} 条时限</Typography.Text>;
}

/**
 * 督查督办 board: for the office's own regions, the duty failures (四应四不) with the body and the article, the
 * overdue deadlines and those about to expire within the chosen warning days, and the office's open supervisions.
 * Each row is acted on in two clicks: 督办 opens the supervision form with the failure as its reason, 确认 sends it.
 */
export function SupervisionPage() {
  useDocumentTitle('督查督办');
  const [warningDays, setWarningDays] = useState(3);
  const board = useQuery({ queryKey: ['supervision-board', warningDays], queryFn: () => api.supervisionBoard(warningDays), staleTime: 0 });
  const b = board.data;
  const openCases = useOpenCases();
  return (
    <>
    <Card
      title="督查督办"
      data-testid="supervision-page"
      extra={
        <Space>
          <Typography.Text type="secondary">临期提醒</Typography.Text>
          <InputNumber min={0} max={30} value={warningDays} onChange={(v) => setWarningDays(typeof v === 'number' ? v : 3)} addonAfter="天" style={{ width: 110 }} />
        </Space>
      }
    >
      {board.isError ? <Alert type="error" showIcon title={errorText(board.error)} /> : null}
      {b ? (
        <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="board-counts">
          {b.byCheck.map((c) => (
            <Tooltip key={c.check} title={c.article}>
              <Tag color={c.count ? 'red' : 'default'} style={{ padding: '2px 8px' }}>
                {c.labelZh} <b>{c.count}</b>
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ) : null}
      <Tabs
        items={[
          {
            key: 'failures',
            label: <Badge count={b?.failures.length ?? 0} offset={[10, -2]} size="small">四应四不</Badge>,
            children: <>{b?.failuresTruncated ? <Alert type="info" showIcon style={{ marginBottom: 8 }} title="事项较多：仅检查了最早的 200 件候选事项，处理后刷新可看到其余问题" data-testid="board-failures-truncated" /> : null}<Table<DutyFailureRow> size="small" rowKey={(r) => `${r.matterId}-${r.check}-${r.since}`} loading={board.isPending} dataSource={b?.failures ?? []} columns={failureColumns} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: '暂无履职问题' }} data-testid="board-failures" /></>,
          },
          {
            key: 'overdue',
            label: <Badge count={b?.totals.overdue ?? 0} overflowCount={99999} offset={[10, -2]} size="small">已超期</Badge>,
            children: <><ShownOf shown={b?.overdue.length} total={b?.totals.overdue} /><Table<BoardClockRow> size="small" rowKey={(r) => `${r.matterId}-${r.clock}`} loading={board.isPending} dataSource={b?.overdue ?? []} columns={clockColumns(true)} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: '暂无超期事项' }} data-testid="board-overdue" /></>,
          },
          {
            key: 'cases',
            label: <Badge count={openCases} offset={[10, -2]} size="small" color="blue">督办件</Badge>,
            children: <SupervisionCases />,
          },
          {
            key: 'atRisk',
            label: <Badge count={b?.totals.atRisk ?? 0} overflowCount={99999} offset={[10, -2]} size="small" color="orange">临期</Badge>,
            children: <><ShownOf shown={b?.atRisk.length} total={b?.totals.atRisk} /><Table<BoardClockRow> size="small" rowKey={(r) => `${r.matterId}-${r.clock}`} loading={board.isPending} dataSource={b?.atRisk ?? []} columns={clockColumns(false)} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: `${warningDays} 天内无到期事项` }} data-testid="board-at-risk" /></>,
          },
        ]}
      />
    </Card>
    <IndicatorsCard />
    </>
  );
}
