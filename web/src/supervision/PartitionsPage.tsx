import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorText, request } from '../api';
import { PageError } from '../components/PageError';
import { useDocumentTitle } from '../useDocumentTitle';
import { DutyChecksCard } from './DutyChecksCard';
import { ProcedureSettings } from '../admin/ProcedureSettings';

interface Region {
  code: string;
  name: string;
}
interface BodyRef {
  id: string;
  name: string;
}
interface PartitionsView {
  bureau: { id: string; name: string; regionCode: string };
  offices: { id: string; name: string; regions: Region[]; bodies: BodyRef[] }[];
  regions: Region[];
  unassigned: Region[];
  /** The bureau's own level (省直, 中直驻晋): taken by body, since no region partition reaches them. */
  levelBodies: BodyRef[];
  unassignedBodies: BodyRef[];
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
  const [bodyEdits, setBodyEdits] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: async ({ officeId, regionCodes, bodyIds }: { officeId: string; regionCodes?: string[]; bodyIds?: string[] }) => {
      let next: PartitionsView | undefined;
      if (regionCodes) next = await request<PartitionsView>('PUT', `/supervision/partitions/${officeId}`, { body: { regionCodes } });
      if (bodyIds) next = await request<PartitionsView>('PUT', `/supervision/partitions/${officeId}/bodies`, { body: { bodyIds } });
      return next!;
    },
    onSuccess: (next, vars) => {
      queryClient.setQueryData(KEY, next);
      setEdits(({ [vars.officeId]: _done, ...rest }) => rest);
      setBodyEdits(({ [vars.officeId]: _done, ...rest }) => rest);
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
      title: '本级机构（省直、中直驻晋）',
      key: 'bodies',
      render: (_: unknown, o) => (
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          data-testid={`partition-bodies-${o.id}`}
          value={bodyEdits[o.id] ?? o.bodies.map((b) => b.id)}
          options={(v?.levelBodies ?? []).map((b) => ({ value: b.id, label: b.name }))}
          optionFilterProp="label"
          onChange={(ids: string[]) => setBodyEdits((e) => ({ ...e, [o.id]: ids }))}
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
          disabled={!edits[o.id] && !bodyEdits[o.id]}
          loading={save.isPending && save.variables?.officeId === o.id}
          onClick={() => save.mutate({ officeId: o.id, regionCodes: edits[o.id], bodyIds: bodyEdits[o.id] })}
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
          各督查督办处只看到分管地区的信访事项、履职问题和指标；同一地区只能分给一个处。本级机构（省直部门、中直驻晋单位等）不属于任何下级地区，按机构分给督查督办处：其承办的事项不论在哪个地区，都由该处督查。
        </Typography.Paragraph>
        {v && v.unassigned.length > 0 && (
          <Alert type="warning" showIcon data-testid="partitions-unassigned" title={`尚无督查督办处分管：${v.unassigned.map((r) => r.name).join('、')}`} />
        )}
        {v && v.unassignedBodies.length > 0 && (
          <Alert type="info" showIcon data-testid="partitions-unassigned-bodies" title={`本级机构尚无督查督办处分管：${v.unassignedBodies.length} 个（${v.unassignedBodies.slice(0, 5).map((b) => b.name).join('、')}${v.unassignedBodies.length > 5 ? '等' : ''}）`} />
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
      <ProcedureSettings />
    </>
  );
}
