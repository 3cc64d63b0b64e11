import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorText, request } from '../api';
import { MatterCell } from '../components/MatterCell';
import { useDocumentTitle } from '../useDocumentTitle';

interface RegistryItem {
  id: string;
  number: string;
  title: string;
  regionName: string;
  terminatedOn: string | null;
  reReviewBody: { id: string; name: string } | null;
  laterPetitions: number;
  receptions: number;
}

const from = { path: '/registry', label: '终结备案库' };

/**
 * 复杂疑难信访事项备案库: matters that completed the statutory roadmap (依法终结). They are not accepted again; the
 * reception desk opens one to record the help it gives (帮扶救助、释法说理、心理疏导) when the petitioner returns.
 */
export function RegistryPage() {
  useDocumentTitle('终结备案库');
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['registry', q],
    queryFn: () => request<{ total: number; items: RegistryItem[] }>('GET', '/registry/terminated', { query: q ? { q } : {} }),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<RegistryItem> = [
    {
      title: '事项',
      key: 'title',
      render: (_: unknown, r) => <MatterCell id={r.id} title={r.title} number={r.number} from={from} testId="registry-link" />,
    },
    { title: '区划', dataIndex: 'regionName', width: 110 },
    { title: '复核机关', key: 'body', width: 220, render: (_: unknown, r) => r.reReviewBody?.name ?? '（历史档案导入）' },
    { title: '终结日期', dataIndex: 'terminatedOn', width: 110, render: (d: string | null) => d ?? '—' },
    { title: '终结后来信来访', dataIndex: 'laterPetitions', width: 130 },
    { title: '接待帮扶', dataIndex: 'receptions', width: 100 },
  ];
  return (
    <Card
      title="终结备案库"
      data-testid="registry-page"
      extra={<Input.Search allowClear placeholder="编号或标题" style={{ width: 240 }} onSearch={(v) => setQ(v.trim())} />}
    >
      <Typography.Paragraph type="secondary">
        经复核终结的信访事项（《信访工作条例》第三十六条第三款）：以同一事实和理由再次信访的不再受理，仍应登记并做好接待、帮扶救助、释法说理和心理疏导（第三十七条第三款）。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        终结事项不通报：本库事项的再次信访只登记、不计入重复信访率，也不进入任何单位、地区的排名和通报（指标中单列为「终结事项再次信访，不计入」）。
      </Typography.Paragraph>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<RegistryItem> size="small" rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: '暂无终结事项' }} />
    </Card>
  );
}
