import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Checkbox, InputNumber, Space, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorText, request } from '../api';

interface DutyChecks {
  catalogue: { code: string; labelZh: string; article: string }[];
  config: { deliveryGraceDays: number; disabled: string[] };
}

const KEY = ['settings-duty-checks'] as const;

/** 履职问题检查项 (administrator): which of the 四应四不 checks the boards run, and the delivery grace in days. */
export function DutyChecksCard() {
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: KEY, queryFn: () => request<DutyChecks>('GET', '/settings/duty-checks') });
  const [enabled, setEnabled] = useState<string[]>([]);
  const [grace, setGrace] = useState(7);
  useEffect(() => {
    if (!q.data) return;
    setEnabled(q.data.catalogue.map((c) => c.code).filter((c) => !q.data.config.disabled.includes(c)));
    setGrace(q.data.config.deliveryGraceDays);
  }, [q.data]);
  const save = useMutation({
    mutationFn: () =>
      request('PUT', '/settings/duty-checks', {
        body: { deliveryGraceDays: grace, disabled: (q.data?.catalogue ?? []).map((c) => c.code).filter((c) => !enabled.includes(c)) },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KEY });
      void queryClient.invalidateQueries({ queryKey: ['supervision-board'] });
      void message.success('检查项已保存');
    },
  });
  return (
    <Card title="履职问题检查项（四应四不）" style={{ marginTop: 16 }} loading={q.isPending} data-testid="duty-checks-card">
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} />}
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <Checkbox.Group value={enabled} onChange={(v) => setEnabled(v as string[])} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 8 }}>
        {(q.data?.catalogue ?? []).map((c) => (
          <Tooltip key={c.code} title={c.article}>
            <Checkbox value={c.code}>{c.labelZh}</Checkbox>
          </Tooltip>
        ))}
      </Checkbox.Group>
      <Space style={{ marginTop: 16 }}>
        <Typography.Text>出具处理意见后</Typography.Text>
        <InputNumber min={1} max={60} precision={0} value={grace} onChange={(v) => setGrace(typeof v === 'number' ? v : 7)} addonAfter="日" style={{ width: 120 }} />
        <Typography.Text>内未登记送达的，列为「已出具处理意见未送达」</Typography.Text>
        <Button type="primary" onClick={() => save.mutate()} loading={save.isPending} data-testid="duty-checks-save">
          保存
        </Button>
      </Space>
    </Card>
  );
}
