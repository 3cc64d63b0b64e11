import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Cascader, Drawer, Input, InputNumber, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorText, queryKeys } from '../api';
import { useMe } from '../auth';
import { TONE_COLOR, clockTone, daysLeftText } from '../components/Clock';
import { MoreRows, useCursorPages } from '../components/CursorPaging';
import { BulkActions } from '../dispatch/BulkActions';
import { categoryOptions, useClassificationScheme } from '../dispatch/ClassificationFields';
import { FLAG_LABELS } from '../dispatch/labels';
import { ModelPanel } from '../dispatch/ModelPanel';
import { MutualSupervision } from '../dispatch/MutualSupervision';
import { TopSuggestion } from '../dispatch/Suggestions';
import { TriagePanel, typingIn } from '../dispatch/TriagePanel';
import { CHANNEL_OPTIONS } from '../register/model';
import { useRegionOptions } from '../register/RegionPicker';
import type { ClockView, QueueItem, TriageFlag, TriageQuery } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';

const PAGE_SIZES = [20, 50, 100, 200];
const DEFAULT_PAGE_SIZE = 50;
const STAGES = [
  { key: 'undecided', label: '待分办' },
  { key: 'returns', label: '退回申请' },
] as const;
type Stage = (typeof STAGES)[number]['key'];
const UNCLASSIFIED = 'unclassified';

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The queue's filters and page size, kept in the URL (back/forward and shared links keep them). */
function useTriageQuery(): [TriageQuery & { stage: Stage }, (patch: Partial<TriageQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const stage: Stage = params.get('stage') === 'returns' ? 'returns' : 'undecided';
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  const daysLeft = params.get('daysLeftMax');
  const flag = params.get('flag');
  const purpose = params.get('purpose') ?? undefined;
  const query = {
    stage,
    regionCode: params.get('regionCode') ?? undefined,
    channel: params.get('channel') ?? undefined,
    purpose: purpose === UNCLASSIFIED ? undefined : purpose,
    unclassified: purpose === UNCLASSIFIED,
    category: params.get('category') ?? undefined,
    flag: flag && flag in FLAG_LABELS ? (flag as TriageFlag) : undefined,
    daysLeftMax: daysLeft !== null && daysLeft !== '' && Number.isInteger(Number(daysLeft)) ? Number(daysLeft) : undefined,
    q: params.get('q') ?? undefined,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
  const update = (patch: Partial<TriageQuery>) => {
    const next = { ...query, ...patch };
    const sp = new URLSearchParams();
    if (next.stage !== 'undecided') sp.set('stage', next.stage);
    if (next.regionCode) sp.set('regionCode', next.regionCode);
    if (next.channel) sp.set('channel', next.channel);
    if (next.unclassified) sp.set('purpose', UNCLASSIFIED);
    else if (next.purpose) sp.set('purpose', next.purpose);
    if (next.category) sp.set('category', next.category);
    if (next.flag) sp.set('flag', next.flag);
    if (next.daysLeftMax !== undefined) sp.set('daysLeftMax', String(next.daysLeftMax));
    if (next.q) sp.set('q', next.q);
    if (next.pageSize !== DEFAULT_PAGE_SIZE) sp.set('pageSize', String(next.pageSize));
    setParams(sp);
  };
  return [query, update];
}

/** Days left on the dispatch clock, coloured by urgency (red overdue, orange ≤ 3 days); the due date under it. */
function ClockCell({ clock }: { clock: ClockView | null }) {
  if (!clock) return <Typography.Text type="secondary">—</Typography.Text>;
  const tone = clockTone(clock);
  const color = TONE_COLOR[tone];
  return (
    <Tooltip title={`${clock.label}：${clock.from} 起 ${clock.rule.text}，${clock.due} 到期（${clock.rule.article}）`}>
      <div data-testid="triage-clock" data-clock-name={clock.name} data-clock-tone={tone} style={{ lineHeight: 1.3 }}>
        <div style={{ color, fontWeight: tone === 'overdue' || tone === 'warning' ? 600 : undefined, whiteSpace: 'nowrap' }}>{daysLeftText(clock)}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {clock.due}
        </Typography.Text>
      </div>
    </Tooltip>
  );
}

function Flags({ item }: { item: QueueItem }) {
  const flags = [...item.flags, ...(item.registrationQuery ? ['sentBack'] : [])].filter((f) => FLAG_LABELS[f]);
  if (flags.length === 0) return null;
  return (
    <Space size={2} wrap>
      {flags.map((f) => (
        <Tooltip key={f} title={f === 'sentBack' && item.registrationQuery ? `${item.registrationQuery.on} 退回登记台：${item.registrationQuery.reason}` : FLAG_LABELS[f]!.hint}>
          <Tag color={FLAG_LABELS[f]!.color} data-testid="flag" data-flag={f} style={{ marginInlineEnd: 0 }}>
            {FLAG_LABELS[f]!.label}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

function Classification({ item }: { item: QueueItem }) {
  const c = item.classification;
  if (!c) return <Typography.Text type="secondary">未分类</Typography.Text>;
  return (
    <Tooltip title={c.art31RouteLabel ? `第三十一条：${c.art31RouteLabel}` : undefined}>
      <div data-testid="classification" data-purpose={c.purpose} style={{ lineHeight: 1.3 }}>
        <Tag color="blue" style={{ marginInlineEnd: 4 }}>
          {c.purposeLabel}
        </Tag>
        <span style={{ fontSize: 12 }}>{c.categoryNames.join(' › ')}</span>
      </div>
    </Tooltip>
  );
}

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace', fontSize: 12 };

/**
 * 受理分办: the acceptance office's queue. A dense table, most urgent first; filters in the URL; row selection for bulk
 * decisions; 「分办」 (or Enter) opens the panel for one matter. Keys: j/k or ↓/↑ move, Enter opens, x selects,
 * 1/2/3 pick a suggestion in the panel, Ctrl+Enter submits, n goes to the next matter after a decision.
 */
export function DispatchPage() {
  useDocumentTitle('受理分办');
  const me = useMe();
  const [query, update] = useTriageQuery();
  const [search, setSearch] = useState(query.q ?? '');
  useEffect(() => setSearch(query.q ?? ''), [query.q]);
  const [selected, setSelected] = useState<QueueItem[]>([]);
  const [active, setActive] = useState(0);
  /** The matter open in the panel: a snapshot, so the panel stays when the queue no longer lists it. */
  const [open, setOpen] = useState<QueueItem | null>(null);
  const [openGeneration, setOpenGeneration] = useState(0);

  // Work queues are refetched whenever shown: other clerks and bodies change them all day.
  // Keyset pages, most urgent first: "加载更多" appends the next page.
  const list = useCursorPages(queryKeys.triage(query), (cursor) => api.triageQueue(query, cursor));
  const items = list.items;
  const counts = {
    undecided: useQuery({ queryKey: queryKeys.triageCount('undecided'), queryFn: () => api.triageQueue({ stage: 'undecided', pageSize: 1 }), staleTime: 0 }).data?.total,
    returns: useQuery({ queryKey: queryKeys.triageCount('returns'), queryFn: () => api.triageQueue({ stage: 'returns', pageSize: 1 }), staleTime: 0 }).data?.total,
  };
  const scheme = useClassificationScheme();
  const regions = useRegionOptions(`${me.body.regionCode.slice(0, 2)}0000`);

  // Keep the active row inside the list as it changes.
  useEffect(() => {
    if (active >= items.length && items.length > 0) setActive(items.length - 1);
  }, [items.length, active]);
  // A new tab or filter: the selection belonged to the old list.
  const listKey = JSON.stringify(query);
  useEffect(() => setSelected([]), [listKey]);

  const openItem = (item: QueueItem | undefined) => {
    if (!item) return;
    setOpen(item);
    setOpenGeneration((g) => g + 1);
  };
  /** The next matter after the one just decided: the first row from the active one on that is not the open matter. */
  const nextItem = (): QueueItem | undefined => {
    const from = Math.max(0, items.findIndex((i) => i.id === open?.id));
    return items.slice(from).find((i) => i.id !== open?.id) ?? items.find((i) => i.id !== open?.id);
  };
  const goNext = () => {
    const next = nextItem();
    if (next) {
      setActive(items.indexOf(next));
      openItem(next);
    } else setOpen(null);
  };

  // Page keys while the panel is closed: j/k ↓/↑ move, Enter opens, x toggles the selection. In the panel, n = next.
  const keys = useRef({ items, active, open, goNext, openItem, selected });
  keys.current = { items, active, open, goNext, openItem, selected };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      const k = keys.current;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) return;
      if (k.open) {
        if ((e.key === 'n' || e.key === 'N') && document.querySelector('[data-testid="triage-done"]')) {
          e.preventDefault();
          k.goNext();
        }
        return;
      }
      const move = (to: number) => {
        e.preventDefault();
        const i = Math.max(0, Math.min(k.items.length - 1, to));
        setActive(i);
        document.querySelector(`[data-testid="triage-row"][data-row-index="${i}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      if (e.key === 'j' || e.key === 'ArrowDown') move(k.active + 1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(k.active - 1);
      else if (e.key === 'Enter') {
        // Enter on a focused button or link keeps its own meaning.
        const tag = (e.target as HTMLElement | null)?.tagName?.toLowerCase();
        if (tag === 'button' || tag === 'a') return;
        e.preventDefault();
        k.openItem(k.items[k.active]);
      } else if (e.key === 'x') {
        const item = k.items[k.active];
        if (!item) return;
        e.preventDefault();
        setSelected((s) => (s.some((x) => x.id === item.id) ? s.filter((x) => x.id !== item.id) : [...s, item]));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const returns = query.stage === 'returns';
  const columns: TableColumnsType<QueueItem> = [
    {
      title: '事项',
      dataIndex: 'title',
      ellipsis: { showTitle: false },
      render: (t: string, item) => (
        <Tooltip title={returns && item.returnRequest ? `${t}（退回理由：${item.returnRequest.reason}）` : t} placement="topLeft">
          <div style={{ lineHeight: 1.35, overflow: 'hidden' }}>
            <div data-testid="triage-title" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {t}
            </div>
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              <span style={{ ...mono, color: 'rgba(0,0,0,0.45)' }} data-testid="triage-number">
                {item.number}
              </span>
              {returns && item.returnRequest && (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                  退回理由：{item.returnRequest.reason}
                </Typography.Text>
              )}
            </div>
          </div>
        </Tooltip>
      ),
    },
    { title: '区划', dataIndex: 'regionName', width: 80, ellipsis: true },
    { title: '渠道', dataIndex: 'channelLabel', width: 72, ellipsis: true },
    { title: '收到', dataIndex: 'receivedOn', width: 94 },
    { title: returns ? '受理告知时限' : '转送交办时限', key: 'clock', width: 100, render: (_: unknown, item) => <ClockCell clock={item.nextClock} /> },
    { title: '分类', key: 'classification', width: 150, render: (_: unknown, item) => <Classification item={item} /> },
    { title: '标记', key: 'flags', width: 84, render: (_: unknown, item) => <Flags item={item} /> },
    returns
      ? {
          title: '申请单位',
          key: 'returnBy',
          width: 180,
          ellipsis: true,
          render: (_: unknown, item) => (
            <div style={{ lineHeight: 1.3 }}>
              <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{item.responsibleBody?.name ?? '—'}</div>
              {item.returnRequest && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.returnRequest.on} 申请
                </Typography.Text>
              )}
            </div>
          ),
        }
      : { title: '分办建议', key: 'suggestion', width: 190, render: (_: unknown, item) => <TopSuggestion suggestions={item.suggestions} /> },
    {
      title: '',
      key: 'open',
      width: 64,
      render: (_: unknown, item, index) => (
        <Button
          size="small"
          type={index === active ? 'primary' : 'default'}
          data-testid="triage-open"
          onClick={(e) => {
            e.stopPropagation();
            setActive(index);
            openItem(item);
          }}
        >
          {returns ? '处理' : '分办'}
        </Button>
      ),
    },
  ];

  const filtered = Boolean(query.regionCode || query.channel || query.purpose || query.unclassified || query.category || query.flag || query.daysLeftMax !== undefined || query.q);
  const purposeOptions = [...(scheme.data?.purposes ?? []).map((p) => ({ value: p.code, label: p.label })), { value: UNCLASSIFIED, label: '未分类' }];
  const categoryValue = useMemo(() => {
    if (!query.category) return undefined;
    const find = (nodes: ReturnType<typeof categoryOptions>, path: string[]): string[] | undefined => {
      for (const n of nodes) {
        if (n.value === query.category) return [...path, n.value];
        const below = n.children ? find(n.children, [...path, n.value]) : undefined;
        if (below) return below;
      }
      return undefined;
    };
    return find(categoryOptions(scheme.data?.categories), []) ?? [query.category];
  }, [query.category, scheme.data]);

  return (
    <Card
      data-testid="dispatch-page"
      title="受理分办"
      styles={{ body: { paddingTop: 0 } }}
      extra={
        <Space size={12}>
          <MutualSupervision />
          <ModelPanel />
        </Space>
      }
    >
      <Tabs
        activeKey={query.stage}
        onChange={(stage) => update({ stage: stage as Stage })}
        items={STAGES.map((s) => ({
          key: s.key,
          label: (
            <span data-testid={`stage-${s.key}`}>
              {s.label}
              {counts[s.key] !== undefined ? `（${counts[s.key]}）` : ''}
            </span>
          ),
        }))}
        style={{ marginBottom: 4 }}
      />
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="行政区划"
          style={{ width: 150 }}
          value={query.regionCode}
          loading={regions === null}
          options={(regions ?? []).map((r) => ({ value: r.value, label: r.label.split(' / ').pop() }))}
          showSearch={{ filterOption: (input, o) => String(o?.label ?? '').includes(input.trim()) || String(o?.value ?? '').startsWith(input.trim()) }}
          onChange={(regionCode?: string) => update({ regionCode: regionCode || undefined })}
          data-testid="filter-region"
        />
        <Select
          allowClear
          placeholder="渠道"
          style={{ width: 110 }}
          value={query.channel}
          options={CHANNEL_OPTIONS.map((c) => ({ value: c.value, label: c.label }))}
          onChange={(channel?: string) => update({ channel: channel || undefined })}
          data-testid="filter-channel"
        />
        <Select
          allowClear
          placeholder="信访目的"
          style={{ width: 110 }}
          value={query.unclassified ? UNCLASSIFIED : query.purpose}
          options={purposeOptions}
          onChange={(p?: string) => update(p === UNCLASSIFIED ? { purpose: undefined, unclassified: true } : { purpose: p || undefined, unclassified: false })}
          data-testid="filter-purpose"
        />
        <Cascader
          placeholder="内容分类"
          style={{ width: 170 }}
          // Click expansion: with hover antd closes on a level-1 click, leaving the sub-categories unreachable.
          changeOnSelect
          value={categoryValue}
          options={categoryOptions(scheme.data?.categories)}
          displayRender={(labels) => labels.join(' › ')}
          onChange={(path) => update({ category: path && path.length ? String(path[path.length - 1]) : undefined })}
          data-testid="filter-category"
        />
        <Select
          allowClear
          placeholder="标记"
          style={{ width: 110 }}
          value={query.flag}
          options={Object.entries(FLAG_LABELS).map(([value, f]) => ({ value, label: f.label }))}
          onChange={(flag?: TriageFlag) => update({ flag: flag || undefined })}
          data-testid="filter-flag"
        />
        <InputNumber
          placeholder="剩余天数 ≤"
          style={{ width: 130 }}
          value={query.daysLeftMax ?? null}
          precision={0}
          min={-3650}
          max={3650}
          onChange={(v) => update({ daysLeftMax: typeof v === 'number' ? v : undefined })}
          data-testid="filter-days-left"
        />
        <Input.Search
          allowClear
          placeholder="编号或标题"
          style={{ width: 220 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          data-testid="filter-q"
        />
        {filtered && (
          <Button
            type="link"
            onClick={() => {
              setSearch('');
              update({ regionCode: undefined, channel: undefined, purpose: undefined, unclassified: false, category: undefined, flag: undefined, daysLeftMax: undefined, q: undefined });
            }}
          >
            重置
          </Button>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="shortcut-hint">
          j/k 或 ↑/↓ 移动 · Enter 分办 · x 选中 · 面板内 1/2/3 选建议、Ctrl+Enter 提交
        </Typography.Text>
      </Space>

      {list.isError && <Alert type="error" showIcon title="分办队列加载失败" description={errorText(list.error)} style={{ marginBottom: 12 }} />}

      {!returns && (
        <BulkActions
          selected={selected}
          onClear={() => setSelected([])}
          onDone={(ids) => setSelected((s) => s.filter((x) => !ids.includes(x.id)))}
        />
      )}

      <Table<QueueItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        scroll={{ x: 1040 }}
        rowSelection={
          returns
            ? undefined
            : {
                selectedRowKeys: selected.map((s) => s.id),
                onChange: (_keys, rows) => {
                  // Keep selections from other pages; replace this page's.
                  const here = new Set(items.map((i) => i.id));
                  setSelected((s) => [...s.filter((x) => !here.has(x.id)), ...rows.filter(Boolean)]);
                },
                columnWidth: 36,
              }
        }
        rowClassName={(_, index) => (index === active ? 'triage-row-active' : '')}
        locale={{ emptyText: filtered ? '没有符合条件的事项' : returns ? '暂无退回申请' : '暂无待分办事项' }}
        onRow={(item, index) =>
          ({
            'data-testid': 'triage-row',
            'data-matter-id': item.id,
            'data-row-index': index,
            'data-active': index === active ? 'true' : 'false',
            onClick: () => setActive(index ?? 0),
            onDoubleClick: () => openItem(item),
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={false}
      />
      <MoreRows shown={items.length} total={list.total} exact={list.totalExact} hasMore={list.hasMore} loading={list.loadingMore} onMore={list.loadMore} />
      <Space style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">每次加载</Typography.Text>
        <Select size="small" value={query.pageSize} options={PAGE_SIZES.map((n) => ({ value: n, label: `${n} 件` }))} onChange={(pageSize: number) => update({ pageSize })} />
      </Space>

      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        size={780}
        title={open ? (open.status === 'returnRequested' ? '处理退回申请' : '分办') : ''}
        destroyOnHidden
        styles={{ body: { paddingTop: 12 } }}
      >
        {open && (
          <TriagePanel
            key={`${open.id}-${openGeneration}`}
            item={open}
            onClose={() => setOpen(null)}
            onNext={nextItem() ? goNext : undefined}
            nextLabel="下一件"
          />
        )}
      </Drawer>
    </Card>
  );
}
