import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import { api, errorText, queryKeys } from '../api';
import { percent } from './labels';
import { formatChina } from '../chinaTime';

/**
 * The routing model in use (version, examples, held-out accuracy) and 「重新训练」: retrains on every past routing
 * decision, overrides included (POST /routing/model/train).
 */
export function ModelPanel() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const model = useQuery({ queryKey: queryKeys.routingModel, queryFn: () => api.routingModel() });
  const train = useMutation({
    mutationFn: () => api.trainRoutingModel(),
    onSuccess: (m) => {
      queryClient.setQueryData(queryKeys.routingModel, m);
      void queryClient.invalidateQueries({ queryKey: ['triage'] });
      void queryClient.invalidateQueries({ queryKey: ['routing'] });
      const ev = m.evaluation;
      void message.success(
        `已训练分办模型 v${m.version}（${m.examples} 例）${ev && typeof ev.top1 === 'number' ? `：首选准确率 ${percent(ev.top1)}，前三准确率 ${percent(ev.top3)}` : ''}`,
      );
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const m = model.data;
  const ev = m?.evaluation;
  const measured = ev && typeof ev.top1 === 'number';
  return (
    <Space size={8} data-testid="routing-model" data-version={m?.version ?? ''}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {model.isPending ? (
          '分办模型…'
        ) : m ? (
          <Tooltip
            title={`训练于 ${formatChina(m.trainedAt)}；准确率按最近 20% 的分办决定检验${measured ? `（${ev?.n ?? 0} 件）` : '，样本不足未检验'}`}
          >
            <span data-testid="routing-model-info">
              分办模型 v{m.version} · {m.examples} 例{measured ? ` · 首选 ${percent(ev?.top1)} · 前三 ${percent(ev?.top3)}` : ''}
            </span>
          </Tooltip>
        ) : (
          <span data-testid="routing-model-info">分办模型未训练（建议依据职权与属地）</span>
        )}
      </Typography.Text>
      <Button size="small" loading={train.isPending} onClick={() => train.mutate()} data-testid="retrain">
        重新训练
      </Button>
    </Space>
  );
}
