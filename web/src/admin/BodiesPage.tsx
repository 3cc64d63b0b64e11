import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Drawer, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { BODY_KIND_LABELS, BODY_KINDS, type BodyKind } from '../../../src/domain/org/body';
import { errorText } from '../api';
import { PageError } from '../components/PageError';
import { useDebounced } from '../useDebounced';
import { useDocumentTitle } from '../useDocumentTitle';
import type { CategoryNode } from '../types';
import { adminApi, adminKeys, type AdminBody, type RegionItem } from './api';
import { BulkImportButton } from './BulkImport';

const LEVEL_LABELS: Record<AdminBody['level'], string> = { province: '省级', city: '市级', county: '县级', town: '乡镇级' };

type TreeRow = AdminBody & { children?: TreeRow[] };

/** The bodies as a tree by parent (a body whose parent is missing from the list is a root), in region order. */
function toTree(items: readonly AdminBody[]): TreeRow[] {
  const byId = new Map(items.map((b) => [b.id, { ...b } as TreeRow]));
  const roots: TreeRow[] = [];
  for (const row of byId.values()) {
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

function categoryNames(nodes: readonly CategoryNode[] | undefined, out: string[] = []): string[] {
  for (const n of nodes ?? []) {
    out.push(n.name);
    categoryNames((n as { children?: CategoryNode[] }).children, out);
  }
  return out;
}

/** 机构管理 (administrator): the bodies of the deployment as a tree, created, edited and deactivated here. */
export function BodiesPage() {
  useDocumentTitle('机构管理');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const bodies = useQuery({ queryKey: adminKeys.bodies, queryFn: adminApi.bodies });
  const [q, setQ] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<AdminBody | 'new' | null>(null);
  const active = useMutation({
    mutationFn: ({ b, value }: { b: AdminBody; value: boolean }) => adminApi.setBodyActive(b.id, value),
    onSuccess: (b) => {
      void message.success(`${b.name}已${b.active ? '启用' : '停用'}`);
      void queryClient.invalidateQueries({ queryKey: adminKeys.bodies });
    },
  });

  const rows = useMemo(() => {
    const items = (bodies.data?.items ?? []).filter((b) => showInactive || b.active);
    const needle = q.trim();
    if (!needle) return toTree(items);
    return items.filter((b) => b.name.includes(needle) || b.code.includes(needle) || b.regionCode.startsWith(needle) || (b.regionName ?? '').includes(needle));
  }, [bodies.data, q, showInactive]);

  if (bodies.isError) return <PageError error={bodies.error} onRetry={() => void bodies.refetch()} />;
  const columns: TableColumnsType<TreeRow> = [
    {
      title: '机构名称',
      key: 'name',
      render: (_: unknown, b) => (
        <Space size={4}>
          <span data-testid={`body-${b.code}`}>{b.name}</span>
          {!b.active && <Tag>已停用</Tag>}
        </Space>
      ),
    },
    { title: '类型', dataIndex: 'kindLabel', width: 110 },
    { title: '层级', key: 'level', width: 70, render: (_: unknown, b) => LEVEL_LABELS[b.level] },
    { title: '行政区划', key: 'region', width: 150, render: (_: unknown, b) => `${b.regionName ?? ''} ${b.regionCode}` },
    { title: '机关代字', dataIndex: 'prefix', width: 90 },
    {
      title: '职能（专责专章）',
      key: 'competence',
      render: (_: unknown, b) => (
        <Space size={[2, 2]} wrap>
          {b.competence.map((c) => (
            <Tag key={c}>{c}</Tag>
          ))}
          {b.remit && <Typography.Text type="secondary" ellipsis={{ tooltip: b.remit }} style={{ maxWidth: 180 }}>{b.remit}</Typography.Text>}
        </Space>
      ),
    },
    { title: '在用账号', dataIndex: 'activeUsers', width: 80 },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_: unknown, b) => (
        <Space size={4}>
          <Button size="small" onClick={() => setEditing(b)} data-testid={`edit-${b.code}`}>
            编辑
          </Button>
          {b.active ? (
            <Popconfirm
              title={`停用${b.name}？`}
              description="停用后不再出现在转送、交办和账号的机构选择中；已有事项和记录不变。"
              okText="停用"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => active.mutate({ b, value: false })}
            >
              <Button size="small" danger data-testid={`deactivate-${b.code}`}>
                停用
              </Button>
            </Popconfirm>
          ) : (
            <Button size="small" onClick={() => active.mutate({ b, value: true })} data-testid={`activate-${b.code}`}>
              启用
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card
      title="机构管理"
      data-testid="bodies-page"
      extra={
        <Space>
          <Input.Search allowClear placeholder="名称、代码或区划" style={{ width: 220 }} onSearch={(v) => setQ(v)} onChange={(e) => !e.target.value && setQ('')} data-testid="bodies-search" />
          <Space size={4}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} data-testid="bodies-show-inactive" />
            <span>显示已停用</span>
          </Space>
          <BulkImportButton kind="bodies" onImported={() => void queryClient.invalidateQueries({ queryKey: adminKeys.bodies })} />
          <Button type="primary" onClick={() => setEditing('new')} data-testid="body-new">
            新建机构
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          机构按上级机构（行政隶属，复查、复核按此逐级向上）排成树。机构层级与其行政区划一致；机构不能删除，停用后不再出现在选择中，已有事项和记录不变。
        </Typography.Paragraph>
        {active.isError && <Alert type="error" showIcon title={errorText(active.error)} data-testid="bodies-error" />}
        <Table<TreeRow>
          size="small"
          rowKey="id"
          loading={bodies.isPending}
          dataSource={rows}
          columns={columns}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          expandable={{ defaultExpandedRowKeys: rows.slice(0, 3).map((r) => r.id) }}
        />
      </Space>
      {editing && <BodyDrawer body={editing === 'new' ? null : editing} all={bodies.data?.items ?? []} onClose={() => setEditing(null)} />}
    </Card>
  );
}

interface BodyForm {
  code: string;
  name: string;
  kind: BodyKind;
  regionCode: string;
  parentId: string | null;
  competence: string[];
  remit: string | null;
  abbreviation: string | null;
}

function BodyDrawer({ body, all, onClose }: { body: AdminBody | null; all: readonly AdminBody[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<BodyForm>();
  const [regionQ, setRegionQ] = useState('');
  const debounced = useDebounced(regionQ, 250);
  const regions = useQuery({ queryKey: ['admin', 'regions', debounced], queryFn: () => adminApi.regions({ q: debounced || undefined }), enabled: body === null });
  const [picked, setPicked] = useState<RegionItem | null>(null);
  const categories = useQuery({ queryKey: ['classification'], queryFn: adminApi.categories });
  const save = useMutation({
    mutationFn: (v: BodyForm) => {
      const common = { name: v.name, kind: v.kind, parentId: v.parentId ?? null, competence: v.competence ?? [], remit: v.remit || null, abbreviation: v.abbreviation || null };
      if (body) return adminApi.updateBody(body.id, common);
      return adminApi.createBody({ ...common, code: v.code, regionCode: v.regionCode, level: picked?.level ?? 'county' });
    },
    onSuccess: (b) => {
      void message.success(body ? `已保存${b.name}` : `已新建${b.name}`);
      void queryClient.invalidateQueries({ queryKey: adminKeys.bodies });
      onClose();
    },
  });
  const parents = all.filter((b) => b.active && b.id !== body?.id);
  return (
    <Drawer title={body ? `编辑：${body.name}` : '新建机构'} open size={560} onClose={onClose} destroyOnHidden data-testid="body-drawer">
      <Form<BodyForm>
        form={form}
        layout="vertical"
        initialValues={
          body
            ? { ...body, remit: body.remit ?? '', abbreviation: body.abbreviation ?? '' }
            : { kind: 'department', competence: [], parentId: null, remit: '', abbreviation: '' }
        }
        onFinish={(v) => save.mutate(v)}
        disabled={save.isPending}
      >
        {body ? (
          <Typography.Paragraph type="secondary">
            机构代码 {body.code} · {body.regionName} {body.regionCode} · {LEVEL_LABELS[body.level]}（代码、区划和层级不可修改）
          </Typography.Paragraph>
        ) : (
          <>
            <Form.Item name="code" label="机构代码" rules={[{ required: true, whitespace: true, message: '请输入机构代码' }]} extra="导入和对接时识别机构，如 330683-xfj">
              <Input data-testid="body-code" />
            </Form.Item>
            <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择行政区划' }]} extra={picked ? `层级：${LEVEL_LABELS[picked.level]}` : '输入名称或代码查找'}>
              <Select
                showSearch={{ filterOption: false, onSearch: setRegionQ }}
                data-testid="body-region"
                loading={regions.isFetching}
                options={(regions.data?.items ?? []).map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))}
                onChange={(code: string) => setPicked(regions.data?.items.find((r) => r.code === code) ?? null)}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label="机构名称" rules={[{ required: true, whitespace: true, message: '请输入机构名称' }]}>
          <Input data-testid="body-name" />
        </Form.Item>
        <Form.Item name="kind" label="机构类型" rules={[{ required: true }]}>
          <Select data-testid="body-kind" options={BODY_KINDS.map((k) => ({ value: k, label: BODY_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="parentId" label="上级机构" extra="行政隶属的上级：复查由上一级机构办理">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="body-parent"
            options={parents.map((b) => ({ value: b.id, label: `${b.name}（${b.regionName ?? b.regionCode}）` }))}
          />
        </Form.Item>
        <Form.Item name="competence" label="职能分类" extra="本机构主管的信访内容分类，分办时据此推荐">
          <Select mode="multiple" allowClear data-testid="body-competence" options={categoryNames(categories.data?.categories).map((n) => ({ value: n, label: n }))} />
        </Form.Item>
        <Form.Item name="remit" label="专责专章（职能说明）">
          <Input.TextArea rows={4} maxLength={4000} data-testid="body-remit" />
        </Form.Item>
        <Form.Item name="abbreviation" label="机关代字" extra="文书编号的前缀，如「晋信」；不填则按名称自动生成">
          <Input maxLength={8} style={{ width: 160 }} data-testid="body-abbreviation" />
        </Form.Item>
        {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} data-testid="body-save-error" />}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="body-save">
          保存
        </Button>
      </Form>
    </Drawer>
  );
}
