import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Input, InputNumber, Modal, Radio, Row, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorText } from '../api';
import { formatChina } from '../chinaTime';
import { PageError } from '../components/PageError';
import { useDocumentTitle } from '../useDocumentTitle';
import { adminApi, adminKeys, type DayChange, type DayItem, type LoadResult } from './api';

const KIND: Record<DayItem['kind'], { label: string; color: string; background: string }> = {
  workday: { label: '工作日', color: '#262626', background: '#fff' },
  weekend: { label: '休息日', color: '#8c8c8c', background: '#fafafa' },
  holiday: { label: '节假日', color: '#cf1322', background: '#fff1f0' },
  makeUpWorkday: { label: '调休上班', color: '#d46b08', background: '#fff7e6' },
};

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

/**
 * 工作日历 (administrator): which years' official schedules are in force, each day of a year by type, loading the next
 * year's State Council schedule from a file, and changing one day (a local holiday, a moved 调休 day). Every load or
 * change is recorded with who made it, and the due dates it affects are recomputed.
 */
export function CalendarPage() {
  useDocumentTitle('工作日历');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const schedules = useQuery({ queryKey: adminKeys.schedules, queryFn: adminApi.schedules });
  const days = useQuery({ queryKey: adminKeys.year(year), queryFn: () => adminApi.yearDays(year) });
  const [picked, setPicked] = useState<DayItem | null>(null);
  const refresh = (r: LoadResult) => {
    void queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] });
    void message.success(`${r.year} 年日历已${r.replaced ? '更新' : '载入'}：节假日 ${r.holidays} 天，调休上班 ${r.makeUpWorkdays} 天；重算了 ${r.clocksRecomputed} 件事项的期限`);
  };
  const load = useMutation({
    mutationFn: async (file: File) => {
      const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
      return adminApi.loadSchedule({ format, text: await file.text(), source: `上传文件 ${file.name}` });
    },
    onSuccess: (r) => {
      setYear(r.year);
      refresh(r);
    },
  });

  if (schedules.isError) return <PageError error={schedules.error} onRetry={() => void schedules.refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card title="工作日历" data-testid="calendar-page">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            以工作日计算的期限按国务院办公厅公布的节假日和调休安排计算。每年秋季公布次年安排后，请在此载入（JSON 或 CSV 文件）；未载入安排的年份，期限暂按周末计算并标注“暂定”。
          </Typography.Paragraph>
          <Space wrap data-testid="calendar-years">
            <span>内置安排：</span>
            {(schedules.data?.builtinYears ?? []).map((y) => (
              <Tag key={y} style={{ cursor: 'pointer' }} onClick={() => setYear(y)}>
                {y}
              </Tag>
            ))}
          </Space>
          <Table
            size="small"
            rowKey="year"
            loading={schedules.isPending}
            dataSource={schedules.data?.loaded ?? []}
            pagination={false}
            locale={{ emptyText: '尚未载入任何年份的安排' }}
            columns={[
              { title: '已载入年份', dataIndex: 'year', width: 110, render: (y: number) => <a onClick={() => setYear(y)}>{y}</a> },
              { title: '节假日', dataIndex: 'holidays', width: 80 },
              { title: '调休上班', dataIndex: 'makeUpWorkdays', width: 90 },
              { title: '来源', dataIndex: 'source' },
              { title: '载入时间', dataIndex: 'loadedAt', width: 160, render: (t: string) => formatChina(t) },
            ]}
          />
          <Upload
            accept=".json,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              load.mutate(file);
              return false;
            }}
          >
            <Button loading={load.isPending} data-testid="calendar-upload">
              载入年度安排文件
            </Button>
          </Upload>
          {load.isError && <Alert type="error" showIcon title={errorText(load.error)} data-testid="calendar-upload-error" />}
        </Space>
      </Card>
      <Card
        title={
          <Space>
            <span>{year} 年</span>
            {days.data && !days.data.official && <Tag color="orange">未载入官方安排（暂定）</Tag>}
          </Space>
        }
        extra={
          <Space>
            <Button size="small" onClick={() => setYear((y) => y - 1)}>
              上一年
            </Button>
            <InputNumber size="small" min={1900} max={2999} value={year} onChange={(v) => v && setYear(v)} style={{ width: 90 }} data-testid="calendar-year" />
            <Button size="small" onClick={() => setYear((y) => y + 1)}>
              下一年
            </Button>
          </Space>
        }
        data-testid="calendar-year-card"
      >
        <Space style={{ marginBottom: 12 }} wrap>
          {Object.entries(KIND).map(([k, v]) => (
            <Tag key={k} style={{ color: v.color, background: v.background }}>
              {v.label}
            </Tag>
          ))}
          <Typography.Text type="secondary">点击某一天可设为本地节假日、调休上班或恢复按星期计算。</Typography.Text>
        </Space>
        {days.isError ? <PageError error={days.error} /> : <YearGrid days={days.data?.days ?? []} onPick={setPicked} />}
      </Card>
      {picked && <DayModal day={picked} onClose={() => setPicked(null)} onChanged={(r) => (setPicked(null), refresh(r))} />}
    </Space>
  );
}

function YearGrid({ days, onPick }: { days: readonly DayItem[]; onPick: (d: DayItem) => void }) {
  const months = Array.from({ length: 12 }, (_, m) => days.filter((d) => Number(d.date.slice(5, 7)) === m + 1));
  return (
    <Row gutter={[16, 16]}>
      {months.map((month, m) => (
        <Col key={m} xs={24} sm={12} lg={8} xl={6}>
          <div style={{ fontWeight: 500, marginBottom: 4 }}>{m + 1} 月</div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 12, textAlign: 'center' }}>
            {WEEK.map((w) => (
              <div key={w} style={{ color: '#8c8c8c' }}>
                {w}
              </div>
            ))}
            {month.length > 0 && Array.from({ length: (new Date(`${month[0]!.date}T00:00:00Z`).getUTCDay() + 6) % 7 }, (_, i) => <div key={`pad${i}`} />)}
            {month.map((d) => (
              <Tooltip key={d.date} title={`${d.date} ${KIND[d.kind].label}${d.name ? `（${d.name}）` : ''}`}>
                <div
                  role="button"
                  data-testid={`day-${d.date}`}
                  data-kind={d.kind}
                  onClick={() => onPick(d)}
                  style={{ cursor: 'pointer', padding: '2px 0', borderRadius: 3, color: KIND[d.kind].color, background: KIND[d.kind].background, border: '1px solid #f0f0f0' }}
                >
                  {Number(d.date.slice(8))}
                </div>
              </Tooltip>
            ))}
          </div>
        </Col>
      ))}
    </Row>
  );
}

function DayModal({ day, onClose, onChanged }: { day: DayItem; onClose: () => void; onChanged: (r: LoadResult) => void }) {
  const [change, setChange] = useState<DayChange>(day.kind === 'holiday' ? 'holiday' : day.kind === 'makeUpWorkday' ? 'makeUpWorkday' : 'ordinary');
  const [name, setName] = useState(day.name ?? '');
  const save = useMutation({ mutationFn: () => adminApi.changeDay(day.date, change, name), onSuccess: onChanged });
  return (
    <Modal title={`调整 ${day.date}`} open onCancel={onClose} onOk={() => save.mutate()} okText="保存" cancelText="取消" confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'day-save' } as Record<string, string>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          当前：{KIND[day.kind].label}
          {day.name ? `（${day.name}）` : ''}
        </Typography.Text>
        <Radio.Group value={change} onChange={(e) => setChange(e.target.value as DayChange)} data-testid="day-change">
          <Radio value="holiday">节假日（休息）</Radio>
          <Radio value="makeUpWorkday">调休上班（周末上班）</Radio>
          <Radio value="ordinary">按星期计算</Radio>
        </Radio.Group>
        {change !== 'ordinary' && <Input placeholder="名称，如 本地纪念日" value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="day-name" />}
        {save.isError && <Alert type="error" showIcon title={errorText(save.error)} data-testid="day-error" />}
      </Space>
    </Modal>
  );
}
