import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Input, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorText, request } from '../api';
import { useDocumentTitle } from '../useDocumentTitle';
import type { ResponseOf } from '../types';
import { formatChina } from '../chinaTime';

type PiiAccessPage = ResponseOf<'/api/v1/audit/pii-access'>;
type PiiAccess = PiiAccessPage['items'][number];

const FIELD_LABELS: Record<string, string> = { idNumber: '身份证号', phone: '联系电话', address: '住址' };
const PAGE = 50;

/**
 * 个人信息查阅记录 (auditor): every unmasked read of a petitioner's ID number, phone and address, with who read it,
 * when and for what stated purpose. The list is the audit trail's own events; the export is the same rows as CSV.
 */
export function PiiAccessPage() {
  useDocumentTitle('个人信息查阅记录');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [actor, setActor] = useState('');
  const [cursors, setCursors] = useState<number[]>([]);
  const filter: Record<string, string> = {};
  if (range?.[0]) filter.from = range[0].format('YYYY-MM-DD');
  if (range?.[1]) filter.to = range[1].format('YYYY-MM-DD');
  if (actor) filter.actor = actor;
  const before = cursors[cursors.length - 1];
  const list = useQuery({
    queryKey: ['pii-access', filter, before],
    queryFn: () =>
      request<PiiAccessPage>('GET', '/audit/pii-access', { query: { ...filter, limit: String(PAGE), ...(before ? { before: String(before) } : {}) } }),
    placeholderData: keepPreviousData,
  });
  const exportUrl = `/api/v1/audit/pii-access/export?${new URLSearchParams(filter).toString()}`;
  const columns: TableColumnsType<PiiAccess> = [
    { title: '时间', dataIndex: 'occurredAt', width: 170, render: (v: string) => formatChina(v, 'YYYY-MM-DD HH:mm:ss') },
    { title: '查阅人', key: 'actor', width: 200, render: (_: unknown, r) => `${r.actor.name ?? '—'}（${r.actor.login ?? '—'}）` },
    { title: '所在单位', key: 'body', width: 200, render: (_: unknown, r) => r.actor.bodyName ?? '—' },
    { title: '信访人', key: 'petitioner', width: 120, render: (_: unknown, r) => r.petitioner.name ?? '—' },
    { title: '查阅目的', dataIndex: 'purpose' },
    { title: '查阅内容', dataIndex: 'fields', width: 180, render: (f: string[]) => f.map((x) => FIELD_LABELS[x] ?? x).join('、') },
  ];
  const reset = () => setCursors([]);
  return (
    <Card
      title="个人信息查阅记录"
      data-testid="pii-access-page"
      extra={
        <Space wrap>
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => {
              setRange(v);
              reset();
            }}
          />
          <Input.Search
            allowClear
            placeholder="查阅人账号"
            style={{ width: 180 }}
            onSearch={(v) => {
              setActor(v.trim());
              reset();
            }}
          />
          <Button href={exportUrl} data-testid="pii-access-export">
            导出 CSV
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        信访人的身份证号、联系电话、住址在各页面均脱敏显示；具有查阅权限的工作人员须填写查阅目的才能查看完整信息，每次查看均记入办理记录，在此列出，可按时间、查阅人筛选和导出。
      </Typography.Paragraph>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<PiiAccess>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: '暂无查阅记录' }}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={!list.data?.nextBefore} onClick={() => list.data?.nextBefore && setCursors([...cursors, list.data.nextBefore])}>
          下一页
        </Button>
      </Space>
    </Card>
  );
}
