import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { api, errorText, queryKeys } from '../api';
import { useHasPermission, useMe } from '../auth';
import { NextClock } from '../components/Clock';
import { StatusTag } from '../components/StatusTag';
import type { MatterSummary } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';
import { chinaTodayValue } from '../chinaTime';

const RECENT_QUERY = { pageSize: 20 } as const;
const RECENT_SHOWN = 8;
const ROW_STYLE: CSSProperties = { display: 'flex', gap: 16, paddingBlock: 10, borderBottom: '1px solid #f0f0f0' };

/** Nearest due date first; matters without a running clock last. Sorts only the page the server returned. */
function byNearestClock(a: MatterSummary, b: MatterSummary): number {
  const da = a.nextClock?.due;
  const db = b.nextClock?.due;
  if (da && db) return da < db ? -1 : da > db ? 1 : 0;
  if (da) return -1;
  if (db) return 1;
  return 0;
}

function StatCard(props: { title: string; value: number | undefined; color?: string; to?: string; testId: string; loading: boolean }) {
  const body = (
    <Card hoverable={!!props.to} data-testid={props.testId}>
      <Statistic title={props.title} value={props.value ?? '—'} loading={props.loading} styles={{ content: { color: props.color, fontSize: 30 } }} suffix={props.value !== undefined ? '件' : undefined} />
    </Card>
  );
  return props.to ? <Link to={props.to}>{body}</Link> : body;
}

export function DashboardPage() {
  useDocumentTitle('工作台');
  const me = useMe();
  const has = useHasPermission();
  const canReadMatters = has('matter.read');

  const dashboard = useQuery({ queryKey: queryKeys.dashboard, queryFn: () => api.dashboard() });
  const recent = useQuery({
    queryKey: queryKeys.matters(RECENT_QUERY),
    queryFn: () => api.matters(RECENT_QUERY),
    enabled: canReadMatters,
  });

  const counts = dashboard.data?.counts;
  const recentItems = recent.data ? [...recent.data.items].sort(byNearestClock).slice(0, RECENT_SHOWN) : [];

  return (
    <div data-testid="dashboard">
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          您好，{me.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.body.name}（{me.body.regionName}） · 今天是 {chinaTodayValue().format('YYYY年M月D日 dddd')}
        </Typography.Text>
      </div>

      {dashboard.isError && (
        <Alert type="error" showIcon title="工作台数据加载失败" description={errorText(dashboard.error)} style={{ marginBottom: 16 }} />
      )}

      <Row gutter={16}>
        <Col span={8}>
          <StatCard title="在办事项" value={counts?.open} loading={dashboard.isPending} testId="stat-open" to={canReadMatters ? '/matters' : undefined} />
        </Col>
        <Col span={8}>
          <StatCard title="已超期" value={counts?.overdue} color="#cf1322" loading={dashboard.isPending} testId="stat-overdue" to={canReadMatters ? '/matters?overdue=true' : undefined} />
        </Col>
        <Col span={8}>
          <StatCard title="临近到期" value={counts?.dueSoon} color="#d46b08" loading={dashboard.isPending} testId="stat-due-soon" />
        </Col>
      </Row>

      <Row gutter={16} style={{ marginTop: 16 }}>
        {canReadMatters && (
          <Col span={16}>
            <Card title="近期时限" extra={<Link to="/matters">全部事项</Link>} styles={{ body: { paddingBlock: 8 } }}>
              {recent.isPending ? (
                <Skeleton active />
              ) : recent.isError ? (
                <Alert type="error" showIcon title={errorText(recent.error)} />
              ) : recentItems.length === 0 ? (
                <Empty description="暂无信访事项" />
              ) : (
                <div>
                  {recentItems.map((m) => (
                    <div key={m.id} data-testid="dashboard-matter" style={ROW_STYLE}>
                      <div style={{ flex: 1, minWidth: 0 }}>
                        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                          <StatusTag status={m.status} label={m.statusLabel} />
                          <Link to={`/matters/${m.id}`} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                            {m.title}
                          </Link>
                        </div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {m.number} · {m.regionName} · {m.responsibleBody?.name ?? '未确定责任单位'}
                        </Typography.Text>
                      </div>
                      <div style={{ flex: 'none', width: 180 }}>
                        <NextClock clock={m.nextClock} />
                      </div>
                    </div>
                  ))}
                </div>
              )}
            </Card>
          </Col>
        )}
        <Col span={canReadMatters ? 8 : 24}>
          <Card title="按状态统计" styles={{ body: { paddingBlock: 8 } }}>
            {dashboard.isPending ? (
              <Skeleton active />
            ) : !dashboard.data || dashboard.data.byStatus.length === 0 ? (
              <Empty description="暂无数据" />
            ) : (
              <div>
                {dashboard.data.byStatus.map((st) => (
                  <div key={st.status} data-testid="dashboard-status" style={{ ...ROW_STYLE, alignItems: 'center', paddingBlock: 8 }}>
                    <div style={{ flex: 1 }}>
                      {canReadMatters ? (
                        <Link to={`/matters?status=${encodeURIComponent(st.status)}`}>
                          <StatusTag status={st.status} label={st.statusLabel} />
                        </Link>
                      ) : (
                        <StatusTag status={st.status} label={st.statusLabel} />
                      )}
                    </div>
                    <Typography.Text strong>{st.count}</Typography.Text>
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
