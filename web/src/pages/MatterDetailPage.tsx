import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, errorText, queryKeys } from '../api';
import { ClockStatusTag, ProvisionalTag, TONE_COLOR, clockTone, daysLeftText, periodText } from '../components/Clock';
import { PageError } from '../components/PageError';
import { MatterRefRow } from '../components/MatterRefRow';
import { RevealPii } from '../components/RevealPii';
import { useHasPermission } from '../auth';
import { StatusTag } from '../components/StatusTag';
import { CommandModal } from '../dispatch/CommandModal';
import { DocumentList } from '../dispatch/DocumentList';
import type { AllowedAction, ClockView, EventView, MatterDetail, MatterPetition, SplitSibling } from '../types';
import { HearingCard } from '../handling/HearingCard';
import { AppealCard } from '../handling/AppealCard';
import { ExtensionRequestCard } from '../handling/ExtensionRequestCard';
import { OpinionCard } from '../handling/OpinionCard';
import { WorkspaceCard } from '../handling/WorkspaceCard';
import { SupervisionCard } from '../supervision/SupervisionCard';
import { useDocumentTitle } from '../useDocumentTitle';
import { formatChina } from '../chinaTime';

function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

/** 集体访: the head count and the elected representatives (Art. 20 ¶3: at most 5). */
function CollectiveText({ m }: { m: MatterDetail }) {
  const reps = m.petitioners.filter((p) => p.isRepresentative).map((p) => p.name);
  return (
    <span data-testid="collective">
      是{m.peopleCount ? `，${m.peopleCount} 人` : ''}
      {reps.length > 0 ? `；代表 ${reps.length} 人：${reps.join('、')}` : ''}
    </span>
  );
}

function matterItems(m: MatterDetail, readsPii: boolean): DescriptionsProps['items'] {
  return [
    { key: 'number', label: '事项编号', children: m.number },
    { key: 'status', label: '当前状态', children: <StatusTag status={m.status} label={m.statusLabel} /> },
    { key: 'channel', label: '信访渠道', children: m.channelLabel },
    { key: 'receivedOn', label: '收到日期', children: m.receivedOn },
    { key: 'region', label: '行政区划', children: `${m.regionName}（${m.regionCode}）` },
    { key: 'procedure', label: '办理程序', children: m.procedureLabel ?? <Typography.Text type="secondary">尚未确定</Typography.Text> },
    { key: 'registeringBody', label: '登记单位', children: m.registeringBody.name },
    {
      key: 'responsibleBody',
      label: '责任单位',
      children: m.responsibleBody?.name ?? <Typography.Text type="secondary">尚未确定</Typography.Text>,
    },
    ...(m.respondent ? [{ key: 'respondent', label: '被反映人/单位', children: m.respondent }] : []),
    ...(m.place ? [{ key: 'place', label: '问题发生地', children: m.place }] : []),
    { key: 'firstPetition', label: '初信初访', children: yesNo(m.facts.firstPetition) },
    { key: 'collective', label: '集体访', children: m.facts.collective ? <CollectiveText m={m} /> : yesNo(false) },
    { key: 'referred', label: '上级转交办', children: yesNo(m.facts.referredByHigherLevel), span: 2 },
    ...(m.completionReportReturns
      ? [{ key: 'returns', label: '办结报告退回', children: <Typography.Text type="warning" data-testid="report-returns">{`${m.completionReportReturns} 次（退回重办）`}</Typography.Text>, span: 2 }]
      : []),
    {
      key: 'petitioners',
      label: '信访人',
      span: 'filled',
      children:
        m.petitioners.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          <Space orientation="vertical" size={4} data-testid="petitioners">
            {m.petitioners.map((p, i) => (
              <span key={`${p.name}-${i}`}>
                <Typography.Text strong>{p.name}</Typography.Text>
                {p.isRepresentative && m.facts.collective ? (
                  <Tag color="blue" style={{ marginInlineStart: 6 }} data-testid="representative-tag">
                    代表
                  </Tag>
                ) : null}
                {p.namesAsGiven?.length ? (
                  <Typography.Text type="warning" style={{ marginInlineStart: 8 }} data-testid="petitioner-names-as-given">
                    （信访件填写姓名：{p.namesAsGiven.join('、')}，与登记库不一致，请核实）
                  </Typography.Text>
                ) : null}
                <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
                  身份证号 {p.idNumberMasked || '—'}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
                  联系电话 {p.phoneMasked || '—'}
                </Typography.Text>
                {readsPii && p.id ? <RevealPii petitionerId={p.id} name={p.name} /> : null}
              </span>
            ))}
          </Space>
        ),
    },
    {
      key: 'content',
      label: '诉求内容',
      span: 'filled',
      children: <div style={{ whiteSpace: 'pre-wrap', maxHeight: 240, overflow: 'auto' }}>{m.content}</div>,
    },
  ];
}

function ClockRow({ clock }: { clock: ClockView }) {
  const tone = clockTone(clock);
  const color = TONE_COLOR[tone];
  const row = (
    <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space size={6} wrap>
          <Typography.Text strong style={{ color: tone === 'overdue' ? color : undefined }}>
            {clock.label}
          </Typography.Text>
          <ClockStatusTag clock={clock} />
          {clock.provisional && <ProvisionalTag />}
        </Space>
        <div style={{ fontSize: 12, marginTop: 2 }}>
          <Typography.Text type="secondary">
            {clock.rule.text}（{periodText(clock)}） · {clock.rule.article}
          </Typography.Text>
        </div>
        <div style={{ fontSize: 13, marginTop: 2 }}>
          <span>{clock.from}</span>
          <span style={{ margin: '0 6px', color: 'rgba(0,0,0,0.45)' }}>→</span>
          <span style={{ color, fontWeight: tone === 'overdue' ? 600 : undefined }}>{clock.due}</span>
          {clock.stoppedOn && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              止于 {clock.stoppedOn}
            </Typography.Text>
          )}
        </div>
      </div>
      <div style={{ flex: 'none', textAlign: 'right', color, fontWeight: tone === 'overdue' || tone === 'warning' ? 600 : undefined, whiteSpace: 'nowrap' }}>
        {daysLeftText(clock)}
      </div>
    </div>
  );
  return (
    <div
      data-testid="clock"
      data-clock-name={clock.name}
      data-clock-status={clock.status}
      style={{
        padding: '10px 12px',
        borderBottom: '1px solid #f0f0f0',
        background: tone === 'overdue' ? '#fff1f0' : undefined,
        borderInlineStart: `3px solid ${tone === 'overdue' ? '#cf1322' : tone === 'warning' ? '#fa8c16' : 'transparent'}`,
      }}
    >
      {/* Every clock row is data-testid="clock"; an overdue one also wraps its content in data-testid="clock-overdue". */}
      {tone === 'overdue' ? (
        <div data-testid="clock-overdue" data-clock-name={clock.name}>
          {row}
        </div>
      ) : (
        row
      )}
    </div>
  );
}

function ClocksCard({ clocks }: { clocks: ClockView[] }) {
  return (
    <Card title="时限" styles={{ body: { padding: 0 } }} data-testid="clocks">
      {clocks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无时限" style={{ padding: 16 }} />
      ) : (
        clocks.map((c) => <ClockRow key={c.name} clock={c} />)
      )}
    </Card>
  );
}

function EventsCard({ events }: { events: EventView[] }) {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return (
    <Card title="办理记录" data-testid="events">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无办理记录" />
      ) : (
        <Timeline
          items={sorted.map((e, i) => ({
            key: e.seq,
            color: i === sorted.length - 1 ? 'green' : 'blue',
            content: (
              <div data-testid="event" data-event-type={e.type}>
                <Space size={8} wrap>
                  <Typography.Text strong>{e.label}</Typography.Text>
                  <Tooltip title={formatChina(e.occurredAt, 'YYYY-MM-DD HH:mm:ss')}>
                    <Typography.Text type="secondary">{e.on}</Typography.Text>
                  </Tooltip>
                </Space>
                <div style={{ fontSize: 12 }}>
                  <Typography.Text type="secondary">
                    {e.actor.name} · {e.body.name}
                  </Typography.Text>
                </div>
                {e.summary && <div style={{ marginTop: 2 }}>{e.summary}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

const RELATION_COLOR: Record<string, string> = { origin: 'blue', repeat: 'orange', joined: 'purple' };

/** 信访件: every petition carried by the matter — the first one, repeats (重复件) and joined petitioners. */
function PetitionsCard({ petitions }: { petitions: MatterPetition[] }) {
  return (
    <Card title={`信访件（${petitions.length}）`} styles={{ body: { padding: 0 } }} style={{ marginTop: 16 }} data-testid="matter-petitions">
      {petitions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无信访件" style={{ padding: 16 }} />
      ) : (
        petitions.map((p) => (
          <div
            key={p.id}
            data-testid="matter-petition"
            data-relation={p.relation}
            data-number={p.number}
            style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}
          >
            <Tag color={RELATION_COLOR[p.relation] ?? 'default'} style={{ marginInlineEnd: 0 }}>
              {p.relationLabel}
            </Tag>
            <Link to={`/petitions/${p.id}`} data-testid="matter-petition-link" style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace', fontSize: 13 }} title="查看信访件原文、信访人和附件">
              {p.number}
            </Link>
            <span style={{ flex: 1 }} />
            <Typography.Text type="secondary">
              {p.channelLabel} · {p.receivedOn}
            </Typography.Text>
          </div>
        ))
      )}
    </Card>
  );
}

/** 分诉求: the other matters registered from the same petition, each its own course. */
function SplitCard({ siblings }: { siblings: SplitSibling[] }) {
  return (
    <Card title="同一信访件的其他诉求" styles={{ body: { padding: 0 } }} style={{ marginTop: 16 }} data-testid="split-siblings">
      {siblings.map((m) => (
        <MatterRefRow key={m.id} matter={m} testId="split-sibling" linkTestId="split-sibling-link" />
      ))}
    </Card>
  );
}

/** Actions that end or hand on the matter: shown apart from the everyday ones. */
const DANGER_ACTIONS = new Set(['reject', 'sendBackRegistration', 'flagDispatch', 'returnCompletionReport', 'dismissReturn']);
const PRIMARY_ACTIONS = new Set(['accept', 'forward', 'assign', 'reply', 'upholdReturn']);

/** The actions the server allows now (principle 15: the UI never derives them); each opens its command's form. */
function Actions({ actions, onAction }: { actions: AllowedAction[]; onAction: (a: AllowedAction) => void }) {
  if (actions.length === 0) return null;
  return (
    <Space wrap data-testid="allowed-actions">
      {actions.map((a) => (
        <Button
          key={a.type}
          data-testid="action"
          data-action-type={a.type}
          type={PRIMARY_ACTIONS.has(a.type) ? 'primary' : 'default'}
          danger={DANGER_ACTIONS.has(a.type)}
          onClick={() => onAction(a)}
        >
          {a.labelZh}
        </Button>
      ))}
    </Space>
  );
}

/** 文书: the notices and letters issued on the matter, each downloadable as .docx. */
function DocumentsCard({ matterId }: { matterId: string }) {
  const docs = useQuery({ queryKey: queryKeys.documents(matterId), queryFn: () => api.documents(matterId), staleTime: 0 });
  return (
    <Card
      title={`文书${docs.data ? `（${docs.data.items.length}）` : ''}`}
      styles={{ body: { padding: 0 } }}
      style={{ marginTop: 16 }}
      data-testid="documents"
    >
      {docs.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} style={{ padding: 16 }} />
      ) : docs.isError ? (
        <Alert type="error" showIcon title={errorText(docs.error)} style={{ margin: 12 }} />
      ) : (
        <DocumentList documents={docs.data.items} />
      )}
    </Card>
  );
}

/** The statuses in which an opinion is drafted and signed, and what it is called there. */
const OPINION_NOUN: Record<string, string> = { accepted: '处理意见', review: '复查意见', reReview: '复核意见' };

export function MatterDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  // Always refetched on opening: other offices and bodies act on the same matter.
  const detail = useQuery({ queryKey: queryKeys.matter(id), queryFn: () => api.matter(id), staleTime: 0 });
  const [action, setAction] = useState<AllowedAction | null>(null);
  const hasPermission = useHasPermission();
  useDocumentTitle(detail.data ? detail.data.matter.number : '事项详情');

  // Opened from 办理 or 受理分办: go back there (the list keeps its tab and filters in the URL).
  const from = (location.state as { from?: { path: string; label: string } } | null)?.from;
  const back = (
    <Link to={from?.path ?? '/matters'} style={{ display: 'inline-block', marginBottom: 12 }} data-testid="back-link">
      ‹ 返回{from?.label ?? '信访事项'}
    </Link>
  );

  if (detail.isPending) {
    return (
      <>
        {back}
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }
  if (detail.isError) {
    return (
      <>
        {back}
        <Card>
          <PageError error={detail.error} onRetry={() => void detail.refetch()} notFoundText="未找到该信访事项，或该事项不在您的权限范围内。" />
        </Card>
      </>
    );
  }

  const { matter, clocks, events, allowedActions } = detail.data;
  return (
    <div data-testid="matter-detail">
      {back}
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBlock: 16 } }}>
        <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <div style={{ flex: 1, minWidth: 320 }}>
            <Typography.Text type="secondary" data-testid="matter-number" style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace' }}>
              {matter.number}
            </Typography.Text>
            <div style={{ display: 'flex', gap: 10, alignItems: 'center', marginTop: 4 }}>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="matter-title">
                {matter.title}
              </Typography.Title>
              <StatusTag status={matter.status} label={matter.statusLabel} />
            </div>
          </div>
          <Actions actions={allowedActions} onAction={setAction} />
        </div>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title="事项信息" style={{ marginBottom: 16 }}>
            <Descriptions bordered size="small" column={2} items={matterItems(matter, hasPermission('petitioner.pii.read'))} styles={{ label: { width: 110 } }} />
          </Card>
          {matter.workspace && ['accepted', 'replied', 'evaluated', 'review', 'reviewed', 'reReview', 'concluded', 'terminated'].includes(matter.status) && (
            <WorkspaceCard workspace={matter.workspace} firstPetition={matter.facts?.firstPetition ?? false} />
          )}
          <EventsCard events={events} />
        </Col>
        <Col xs={24} xl={9}>
          {matter.extensionRequest && <ExtensionRequestCard request={matter.extensionRequest} />}
          {matter.supervision && <SupervisionCard supervision={matter.supervision} />}
          {matter.appeal && <AppealCard appeal={matter.appeal} />}
          {matter.opinionDraft && OPINION_NOUN[matter.status] && <OpinionCard draft={matter.opinionDraft} noun={OPINION_NOUN[matter.status]} />}
          {matter.hearings && (matter.hearings.current || matter.hearings.held.length > 0) && <HearingCard hearings={matter.hearings} />}
          <ClocksCard clocks={clocks} />
          <DocumentsCard matterId={matter.id} />
          {matter.petitions && <PetitionsCard petitions={matter.petitions} />}
          {matter.splitWith && matter.splitWith.length > 0 && <SplitCard siblings={matter.splitWith} />}
        </Col>
      </Row>
      <CommandModal page={detail.data} action={action} onClose={() => setAction(null)} />
    </div>
  );
}
