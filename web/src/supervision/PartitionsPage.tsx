import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorText, request } from '../api';
import { PageError } from '../components/PageError';
import { useDocumentTitle } from '../useDocumentTitle';
import { DutyChecksCard } from './DutyChecksCard';

interface Region {
  code: string;
  name: string;
}
interface PartitionsView {
  bureau: { id: string; name: string; regionCode: string };
  offices: { id: string; name: string; regions: Region[] }[];
  regions: Region[];
  unassigned: Region[];
}

const KEY = ['supervision-partitions'] as const;

/**
 * 督查设置 (administrator): 督查分区 —  which cities each supervision office of the bureau watches. A city can belong to one office
 * only; cities nobody watches are named at the top, since their matters reach no board.
 */
export function PartitionsPage() {
  useDocumentTitle('督查设置');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const view = useQuery({ queryKey: KEY, queryFn: () => request<PartitionsView>('GET', '/supervision/partitions') });
  const [edits, setEdits] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: ({ officeId, regionCodes }: { officeId: string; regionCodes: string[] }) =>
      request<PartitionsView>('PUT', `/supervision/partitions/${officeId}`, { body: { regionCodes } }),
    onSuccess: (next, vars) => {
      queryClient.setQueryData(KEY, next);
      setEdits(({ [vars.officeId]: _done, ...rest }) => rest);
      void message.success('分区已保存，该处的督查督办页面即时生效');
    },
  });

  if (view.isError) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const v = view.data;
  const columns: TableColumnsType<PartitionsView['offices'][number]> = [
    { title: '督查督办机构', dataIndex: 'name', width: 180 },
    {
      title: '分管地区',
      key: 'regions',
      render: (_: unknown, o) => (
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          data-testid={`partition-${o.id}`}
          value={edits[o.id] ?? o.regions.map((r) => r.code)}
          options={(v?.regions ?? []).map((r) => ({ value: r.code, label: r.name }))}
          optionFilterProp="label"
          onChange={(codes: string[]) => setEdits((e) => ({ ...e, [o.id]: codes }))}
        />
      ),
    },
    {
      title: '',
      key: 'save',
      width: 90,
      render: (_: unknown, o) => (
        <Button
          type="primary"
          size="small"
          disabled={!edits[o.id]}
          loading={save.isPending && save.variables?.officeId === o.id}
          onClick={() => save.mutate({ officeId: o.id, regionCodes: edits[o.id] ?? [] })}
          data-testid="partition-save"
        >
          保存
        </Button>
      ),
    },
  ];
  const card = (
    <Card title={`督查分区 · ${v?.bureau.name ?? ''}`} data-testid="partitions-page" loading={view.isPending}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          各督查督办处只看到分管地区的信访事项、履职问题和指标；同一地区只能分给一个处。
        </Typography.Paragraph>
        {v && v.unassigned.length > 0 && (
          <Alert type="warning" showIcon data-testid="partitions-unassigned" title={`尚无督查督办处分管：${v.unassigned.map((r) => r.name).join('、')}`} />
        )}
        {save.isError && <Alert type="error" showIcon title={errorText(save.error)} data-testid="partitions-error" />}
        <Table size="small" rowKey="id" pagination={false} dataSource={v?.offices ?? []} columns={columns} />
      </Space>
    </Card>
  );
  return (
    <>
      {card}
      <DutyChecksCard />
    </>
  );
}
