import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { api, errorText } from '../api';
import { MatterCell } from '../components/MatterCell';
import type { SupervisionCase } from '../types';
import { MatterActionButton } from './MatterActionButton';

const from = { path: '/supervision', label: '督查督办' };

function useSupervisionCases() {
  return useQuery({ queryKey: ['supervision-cases'], queryFn: () => api.supervisionCases(), staleTime: 0 });
}

/** 督办件: the office's open supervisions — replies to assess first, then the most overdue replies. */
export function SupervisionCases() {
  const cases = useSupervisionCases();
  const columns: TableColumnsType<SupervisionCase> = [
    {
      title: '事项',
      key: 'matter',
      render: (_: unknown, r) => <MatterCell id={r.matterId} title={r.title} number={r.number} from={from} testId="case-matter-link" />,
    },
    { title: '被督办单位', key: 'target', width: 200, render: (_: unknown, r) => r.supervision.target.name },
    {
      title: '督办',
      key: 'how',
      width: 190,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Tag>{r.supervision.methodLabel}</Tag>
          {r.supervision.letterLabel && <Tag color="blue">{r.supervision.letterLabel}</Tag>}
          {r.supervision.listed && <Tooltip title={`挂牌督办至 ${r.supervision.listedDueOn ?? ''}`}><Tag color="volcano">挂牌</Tag></Tooltip>}
          {r.supervision.escalatedTo.length > 0 && <Tag color="purple">已提级：{r.supervision.escalatedTo.at(-1)}</Tag>}
        </Space>
      ),
    },
    { title: '督办日期', key: 'opened', width: 100, render: (_: unknown, r) => r.supervision.openedOn },
    {
      title: '回复期限',
      key: 'due',
      width: 130,
      render: (_: unknown, r) => (
        <>
          <div>{r.replyDue}</div>
          {r.stage === 'awaitingReply' && (
            <Typography.Text type={r.daysLeft < 0 ? 'danger' : r.daysLeft <= 1 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
              {r.daysLeft < 0 ? `逾期 ${-r.daysLeft} 天` : `剩余 ${r.daysLeft} 天`}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: '状态',
      key: 'stage',
      render: (_: unknown, r) => (
        <div data-testid="case-stage" data-stage={r.stage}>
          <Tag color={r.stage === 'awaitingAssessment' ? 'green' : r.daysLeft < 0 ? 'red' : 'gold'}>{r.stageLabel}</Tag>
          {r.supervision.reply && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} ellipsis={{ rows: 2, tooltip: r.supervision.reply.summary }}>
              {r.supervision.reply.on}：{r.supervision.reply.summary}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4}>
          {r.stage === 'awaitingAssessment' && <MatterActionButton matterId={r.matterId} type="assessSupervision" label="评估" testId="case-assess" primary />}
          <MatterActionButton matterId={r.matterId} type="escalateSupervision" label="提级" testId="case-escalate" />
        </Space>
      ),
    },
  ];
  return (
    <>
      {cases.isError ? <Alert type="error" showIcon title={errorText(cases.error)} /> : null}
      <Table<SupervisionCase>
        size="small"
        rowKey="matterId"
        loading={cases.isPending}
        dataSource={cases.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无进行中的督办' }}
        data-testid="supervision-cases"
        onRow={(r) => ({ 'data-matter-id': r.matterId }) as React.HTMLAttributes<HTMLElement>}
      />
    </>
  );
}

/** How many open supervisions await the office (for the tab badge). */
export function useOpenCases(): number {
  const cases = useSupervisionCases();
  return cases.data?.items.filter((c) => c.stage === 'awaitingAssessment' || c.daysLeft < 0).length ?? 0;
}
