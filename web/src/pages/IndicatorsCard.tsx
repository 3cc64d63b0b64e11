import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Modal, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorText } from '../api';
import type { IndicatorsResponse, IndicatorsView, RatioView } from '../types';
import { chinaTodayValue } from '../chinaTime';

type Group = IndicatorsResponse['groups'][number];
type RatioKey = 'timelyAcceptance' | 'onTimeConclusion' | 'satisfaction' | 'evaluation' | 'firstTimeResolution';

const RATIOS: { key: RatioKey; label: string; formula: string }[] = [
  { key: 'timelyAcceptance', label: '及时受理率', formula: '按期转送交办或告知受理 ÷ 期限已届满的' },
  { key: 'onTimeConclusion', label: '按期办结率', formula: '按期办结 ÷ 办理期限已届满的' },
  { key: 'satisfaction', label: '满意率', formula: '（满意 + 基本满意）÷ 已评价' },
  { key: 'evaluation', label: '参评率', formula: '已评价 ÷（已评价 + 超期未评价）' },
  { key: 'firstTimeResolution', label: '一次性化解率', formula: '初信初访办结后无重复、复查、复核 ÷ 初信初访已办结' },
];

const pct = (r: RatioView) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);

/**
 * 关键指标 for a period (matters received in it), per body, city or county, with the formula on hover and the
 * matters behind any rate one click away (GET /supervision/indicators?drill=…).
 */
export function IndicatorsCard() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [chinaTodayValue().startOf('year'), chinaTodayValue()]);
  const [groupBy, setGroupBy] = useState<'body' | 'city' | 'county' | 'channel'>('body');
  const [drill, setDrill] = useState<{ key: RatioKey | 'overdue' | 'reportReturns'; group?: string; title: string } | null>(null);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), groupBy };
  const data = useQuery({ queryKey: ['indicators', q], queryFn: () => api.indicators(q) });
  const drilled = useQuery({
    queryKey: ['indicators-drill', q, drill],
    queryFn: () => api.indicators({ ...q, drill: drill!.key, group: drill!.group }),
    enabled: drill !== null,
  });

  const ratioCell = (key: RatioKey, group?: Group) => (i: IndicatorsView) => (
    <Tooltip title={`${i[key].numerator} / ${i[key].denominator}`}>
      <Typography.Link onClick={() => setDrill({ key, group: group?.key, title: `${group?.name ?? '合计'} · ${RATIOS.find((r) => r.key === key)!.label}` })}>{pct(i[key])}</Typography.Link>
    </Tooltip>
  );
  // Sized to fit a 1440 px screen beside the navigation (about 1180 px): headers wrap onto two lines rather than
  // widen their columns; on a narrower screen the table scrolls sideways inside the card with the names kept in view.
  const columns: TableColumnsType<Group> = [
    { title: groupBy === 'body' ? '单位' : groupBy === 'channel' ? '渠道' : '地区', dataIndex: 'name', fixed: 'left', width: 160, ellipsis: { showTitle: true } },
    { title: '件数', render: (_: unknown, g) => g.indicators.items, width: 52, align: 'right' },
    ...RATIOS.map((r) => ({ title: <Tooltip title={r.formula}>{r.label}</Tooltip>, key: r.key, width: 76, align: 'right' as const, render: (_: unknown, g: Group) => ratioCell(r.key, g)(g.indicators) })),
    { title: '重复信访率', width: 78, align: 'right', render: (_: unknown, g) => pct(g.indicators.repeat) },
    {
      title: <Tooltip title="交办事项的办结报告被退回重办的次数（《信访工作条例》第二十二条第一款第三项）">办结报告退回</Tooltip>,
      width: 78,
      align: 'right',
      render: (_: unknown, g) => <Typography.Link onClick={() => setDrill({ key: 'reportReturns', group: g.key, title: `${g.name} · 办结报告退回` })}>{g.indicators.reportReturns ?? 0}</Typography.Link>,
    },
    { title: '在办 / 超期', width: 80, align: 'right', render: (_: unknown, g) => <>{g.indicators.open} / <Typography.Link onClick={() => setDrill({ key: 'overdue', group: g.key, title: `${g.name} · 超期` })}>{g.indicators.overdue}</Typography.Link></> },
    { title: '平均转送 / 办结天数', width: 100, align: 'right', render: (_: unknown, g) => `${g.indicators.averageDaysToDispatch ?? '—'} / ${g.indicators.averageDaysToConclude ?? '—'}` },
    ...(groupBy === 'body' || groupBy === 'channel' ? [] : [{ title: '万人信访量', width: 78, align: 'right' as const, render: (_: unknown, g: Group) => g.volume.per10kResidents ?? '—' }, { title: '亿元GDP信访量', width: 84, align: 'right' as const, render: (_: unknown, g: Group) => g.volume.perHundredMillionYuan ?? '—' }]),
  ];
  const t = data.data?.total;
  return (
    <Card
      title="关键指标"
      size="small"
      style={{ marginTop: 16 }}
      data-testid="indicators"
      extra={
        <Space>
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
          <Segmented value={groupBy} onChange={(v) => setGroupBy(v as typeof groupBy)} options={[{ value: 'body', label: '按单位' }, { value: 'city', label: '按市' }, { value: 'county', label: '按县区' }, { value: 'channel', label: '按渠道' }]} />
        </Space>
      }
    >
      {data.isError ? <Alert type="error" showIcon title={errorText(data.error)} /> : null}
      {t ? (
        <Space wrap size={24} style={{ marginBottom: 12 }}>
          <span>件数 <b>{t.items}</b></span>
          {RATIOS.map((r) => (
            <Tooltip key={r.key} title={`${r.formula}：${t[r.key].numerator} / ${t[r.key].denominator}`}>
              <span>
                {r.label} {ratioCell(r.key)(t)}
              </span>
            </Tooltip>
          ))}
          <span>
            重复信访率 <b>{pct(t.repeat)}</b>
            {t.repeat.leftOut > 0 && <Typography.Text type="secondary">（终结事项再次信访 {t.repeat.leftOut} 件，不计入）</Typography.Text>}
          </span>
        </Space>
      ) : null}
      <Table<Group> size="small" rowKey="key" loading={data.isPending} dataSource={data.data?.groups ?? []} columns={columns} scroll={{ x: 'max-content' }} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
      <Modal open={drill !== null} title={drill?.title} footer={null} onCancel={() => setDrill(null)} width={720}>
        {drilled.data?.drill ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {(['misses', 'hits'] as const).map((k) =>
              drilled.data!.drill![k].length ? (
                <div key={k}>
                  <Typography.Text strong>{k === 'hits' ? (drill?.key === 'overdue' ? '超期事项' : '计入分子') : '未达标'}</Typography.Text>
                  <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
                    {drilled.data!.drill![k].map((m) => (
                      <li key={m.id}>
                        <Link to={`/matters/${m.id}`}>{m.title}</Link> <Typography.Text type="secondary">{m.number}</Typography.Text>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null,
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{drilled.isPending ? '加载中…' : '无'}</Typography.Text>
        )}
      </Modal>
    </Card>
  );
}
