import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Radio, Result, Row, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorText, queryKeys, refusalText } from '../api';
import { NextClock } from '../components/Clock';
import { StatusTag } from '../components/StatusTag';
import type { AllowedAction, ApiCommandType, ClassificationScheme, CommandOfType, MatterDetailResponse, MatterDocument, QueueItem, RoutingSuggestion } from '../types';
import { ClassificationFields, classificationInitial, classifyCommand, sameClassification, useClassificationScheme, type ClassificationValues } from './ClassificationFields';
import { CommandFields, buildCommand } from './CommandFields';
import { useAfterCommand } from './CommandModal';
import { DocumentList } from './DocumentList';
import { COMMAND_LABELS, FLAG_LABELS, redirectChannelOfKind } from './labels';
import { SuggestionCards } from './Suggestions';

/** The decisions the office takes on a registered matter, in the order of the radio. */
const DECISIONS: { type: ApiCommandType; label: string }[] = (['forward', 'assign', 'retain', 'reject', 'redirect', 'sendBackRegistration'] as const).map(
  (type) => ({ type, label: COMMAND_LABELS[type] }),
);

/** Art. 29–31: these wait for the classification by law (and a matter for another statutory procedure is redirected). */
const ROUTING = new Set(['forward', 'assign', 'retain']);

const NOT_TEXT_INPUTS = new Set(['radio', 'checkbox', 'button', 'submit', 'reset']);

/** Whether a key event was typed into a text field (where 1/2/3 and j/k are characters, not shortcuts). */
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'input') return !NOT_TEXT_INPUTS.has((el as HTMLInputElement).type);
  return tag === 'textarea' || tag === 'select' || el.isContentEditable;
}

interface Done {
  kind: 'decided' | 'upheld' | 'dismissed';
  label: string;
  page: MatterDetailResponse;
  documents: MatterDocument[];
}

/** The documents issued by the newest event of a matter page (the one the command just recorded). */
async function documentsOfLastEvent(page: MatterDetailResponse): Promise<MatterDocument[]> {
  const seq = Math.max(...page.events.map((e) => e.seq));
  const docs = await api.documents(page.matter.id);
  return docs.items.filter((d) => d.eventSeq === seq);
}

/**
 * 分办 one matter: what it says, its classification, the three suggestions, and the decision (转送 / 交办 / 本级办理 /
 * 不予受理 / 导入法定途径 / 退回登记台). For a return request (申请退回): the body's reason and 同意 / 不同意. After the
 * command, the documents it issued with their download links. Keys: 1/2/3 pick a suggestion, Ctrl+Enter submits.
 */
export function TriagePanel({ item, onNext, onClose, nextLabel }: { item: QueueItem; onNext?: () => void; onClose: () => void; nextLabel?: string }) {
  // Always fresh: another office or the body may have acted on the matter since it was last loaded.
  const detail = useQuery({ queryKey: queryKeys.matter(item.id), queryFn: () => api.matter(item.id), staleTime: 0 });
  const [mode, setMode] = useState<'decide' | 'return'>(item.status === 'returnRequested' ? 'return' : 'decide');
  const [done, setDone] = useState<Done | null>(null);

  if (detail.isPending || (!detail.isFetchedAfterMount && detail.isFetching)) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (detail.isError) return <Alert type="error" showIcon title="事项加载失败" description={errorText(detail.error)} />;
  const page = detail.data;

  return (
    <div data-testid="triage-panel" data-matter-id={item.id} data-mode={done ? 'done' : mode}>
      <MatterHeader page={page} item={item} />
      {done ? (
        <DoneView
          done={done}
          onNext={onNext}
          nextLabel={nextLabel}
          onClose={onClose}
          onRedispatch={
            done.kind === 'upheld'
              ? () => {
                  setDone(null);
                  setMode('decide');
                }
              : undefined
          }
        />
      ) : mode === 'return' && page.matter.status === 'returnRequested' ? (
        <ReturnDecision page={page} item={item} onDone={setDone} />
      ) : (
        <DecisionForm key={page.matter.status} page={page} item={item} onDone={setDone} />
      )}
    </div>
  );
}

function MatterHeader({ page, item }: { page: MatterDetailResponse; item: QueueItem }) {
  const m = page.matter;
  const flags = item.flags.filter((f) => FLAG_LABELS[f]);
  const query = item.registrationQuery;
  return (
    <>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography.Text type="secondary" style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace' }} data-testid="panel-number">
          {m.number}
        </Typography.Text>
        <StatusTag status={m.status} label={m.statusLabel} />
        {flags.map((f) => (
          <Tooltip key={f} title={FLAG_LABELS[f]!.hint}>
            <Tag color={FLAG_LABELS[f]!.color} data-testid="flag" data-flag={f}>
              {FLAG_LABELS[f]!.label}
            </Tag>
          </Tooltip>
        ))}
        <span style={{ flex: 1 }} />
        <Link to={`/matters/${m.id}`} target="_blank" rel="noopener">
          事项详情 ↗
        </Link>
      </div>
      <Typography.Title level={5} style={{ margin: '4px 0 8px' }} data-testid="panel-title">
        {m.title}
      </Typography.Title>
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'region', label: '区划', children: m.regionName },
          { key: 'channel', label: '渠道', children: m.channelLabel },
          { key: 'received', label: '收到', children: m.receivedOn },
          { key: 'petitioners', label: '信访人', children: m.petitioners.map((p) => p.name).join('、') || '—' },
          { key: 'respondent', label: '被反映', children: m.respondent || '—' },
          { key: 'clock', label: '时限', children: <NextClock clock={m.nextClock} /> },
        ]}
      />
      {query && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={`${query.on} 已退回登记台，待更正`}
          description={query.reason}
          data-testid="registration-query"
        />
      )}
      <div
        data-testid="panel-content"
        style={{ whiteSpace: 'pre-wrap', maxHeight: 150, overflow: 'auto', background: '#fafafa', border: '1px solid #f0f0f0', padding: '8px 10px', margin: '8px 0 12px', borderRadius: 4 }}
      >
        {m.content}
      </div>
    </>
  );
}

function DoneView({ done, onNext, nextLabel, onClose, onRedispatch }: { done: Done; onNext?: () => void; nextLabel?: string; onClose: () => void; onRedispatch?: () => void }) {
  const m = done.page.matter;
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => nextRef.current?.focus(), []);
  return (
    <div data-testid="triage-done" data-kind={done.kind}>
      <Result
        status="success"
        style={{ padding: '16px 0' }}
        title={done.label}
        subTitle={`事项状态：${m.statusLabel}${m.responsibleBody ? ` · 责任单位：${m.responsibleBody.name}` : ''}`}
        extra={
          <Space>
            {onRedispatch && (
              <Button type="primary" onClick={onRedispatch} data-testid="triage-redispatch">
                重新分办
              </Button>
            )}
            {onNext && (
              <Button ref={nextRef} type={onRedispatch ? 'default' : 'primary'} onClick={onNext} data-testid="triage-next">
                {nextLabel ?? '下一件'}（N）
              </Button>
            )}
            <Button onClick={onClose}>关闭</Button>
          </Space>
        }
      />
      {done.documents.length > 0 && (
        <Card size="small" title="本次出具的文书" styles={{ body: { padding: 0 } }} data-testid="issued-documents">
          <DocumentList documents={done.documents} />
        </Card>
      )}
    </div>
  );
}

function ReturnDecision({ page, item, onDone }: { page: MatterDetailResponse; item: QueueItem; onDone: (d: Done) => void }) {
  const after = useAfterCommand();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const allowed = new Set(page.allowedActions.map((a) => a.type));
  const ret = item.returnRequest;
  const run = useMutation({
    mutationFn: async (cmd: CommandOfType<'upholdReturn' | 'dismissReturn'>) => {
      const next = await api.command(page.matter.id, cmd);
      return { next, documents: await documentsOfLastEvent(next), type: cmd.type };
    },
    onSuccess: ({ next, documents, type }) => {
      after();
      onDone({
        kind: type === 'upholdReturn' ? 'upheld' : 'dismissed',
        label: type === 'upholdReturn' ? '已同意退回，事项回到待分办' : '已不同意退回，事项仍由原单位办理',
        page: next,
        documents,
      });
    },
  });
  return (
    <div data-testid="return-decision">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="return-request"
        title={`${page.matter.responsibleBody?.name ?? '责任单位'}${ret ? ` 于 ${ret.on}` : ''} 申请退回`}
        description={ret?.reason ?? ''}
      />
      {run.isError && <Alert type="error" showIcon data-testid="command-error" style={{ marginBottom: 12 }} title={refusalText(run.error)} />}
      <Row gutter={12}>
        <Col span={12}>
          <Card size="small" title="同意退回" style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              事项回到待分办，重新确定有权处理的机关。
            </Typography.Paragraph>
            <Input.TextArea
              data-testid="uphold-note"
              placeholder="核实意见（可选）"
              autoSize={{ minRows: 2, maxRows: 4 }}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              style={{ marginBottom: 8 }}
            />
            <Button
              type="primary"
              block
              disabled={!allowed.has('upholdReturn')}
              loading={run.isPending && run.variables?.type === 'upholdReturn'}
              onClick={() => run.mutate({ type: 'upholdReturn', ...(note.trim() ? { note: note.trim() } : {}) })}
              data-testid="uphold-return"
            >
              同意退回
            </Button>
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="不同意退回" style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              事项仍由原单位受理办理，须说明理由。
            </Typography.Paragraph>
            <Input.TextArea
              data-testid="dismiss-reason"
              placeholder="不同意退回的理由（必填）"
              autoSize={{ minRows: 2, maxRows: 4 }}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ marginBottom: 8 }}
            />
            <Button
              danger
              block
              disabled={!allowed.has('dismissReturn') || !reason.trim()}
              loading={run.isPending && run.variables?.type === 'dismissReturn'}
              onClick={() => run.mutate({ type: 'dismissReturn', reason: reason.trim() })}
              data-testid="dismiss-return"
            >
              不同意退回
            </Button>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function DecisionForm({ page, item, onDone }: { page: MatterDetailResponse; item: QueueItem; onDone: (d: Done) => void }) {
  const [form] = Form.useForm();
  const scheme = useClassificationScheme();
  const after = useAfterCommand();
  const id = page.matter.id;
  const allowed = new Map<string, AllowedAction>(page.allowedActions.map((a) => [a.type, a]));
  // The classification as the server holds it; the form starts from it, and only a change is sent.
  const [saved, setSaved] = useState<ClassificationValues>(() => classificationInitial(item.classification));
  const [initial] = useState(() => ({ ...classificationInitial(item.classification), decision: undefined }));

  const routing = useQuery({
    queryKey: queryKeys.routing(id),
    queryFn: () => api.routing(id),
    placeholderData: { modelVersion: null, suggestions: item.suggestions },
  });
  const suggestions = routing.data?.suggestions ?? [];
  const decision = Form.useWatch('decision', form) as string | undefined;
  const chosen = Form.useWatch('toBodyId', form) as string | undefined;
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;
  const current: ClassificationValues = { purpose: values?.purpose as string | undefined, categoryPath: values?.categoryPath as string[] | undefined, art31Route: values?.art31Route as string | undefined };
  const classificationChanged = !!values && !sameClassification(current, saved, scheme.data);
  // A classification filled in here is saved before the decision, so it opens routing already (the server judges it).
  const classifiedInForm = classificationChanged && !!classifyCommand(scheme.data, current) && allowed.has('classify');
  const offered = (type: string) => allowed.has(type) || (ROUTING.has(type) && classifiedInForm);

  const classify = useMutation({
    mutationFn: (cmd: ReturnType<typeof classifyCommand>) => api.command(id, cmd!),
    onSuccess: (_next, cmd) => {
      setSaved({ purpose: cmd!.purpose, categoryPath: cmd!.categoryPath, art31Route: cmd!.art31Route });
      after();
    },
  });

  const decide = useMutation({
    mutationFn: async (vals: Record<string, unknown>) => {
      const cls = classifyCommand(scheme.data, vals as ClassificationValues);
      if (cls && !sameClassification(vals as ClassificationValues, saved, scheme.data)) {
        await classify.mutateAsync(cls);
      }
      const type = vals.decision as string;
      const next = await api.command(id, buildCommand(type, vals, scheme.data, page.matter));
      return { next, type, documents: await documentsOfLastEvent(next) };
    },
    onSuccess: ({ next, type, documents }) => {
      after();
      const target = next.matter.responsibleBody?.name;
      const what = allowed.get(type)?.labelZh ?? DECISIONS.find((d) => d.type === type)?.label ?? type;
      onDone({
        kind: 'decided',
        label: type === 'forward' || type === 'assign' || type === 'redirect' ? `已${what}${target ? `至${target}` : ''}` : `已决定${what}（事项状态：${next.matter.statusLabel}）`,
        page: next,
        documents,
      });
    },
  });

  const chooseSuggestion = (s: RoutingSuggestion) => {
    if (s.action === 'redirect') {
      form.setFieldsValue({ decision: 'redirect', channel: redirectChannelOfKind(s.bodyKind), toBodyId: s.bodyId });
    } else {
      const d = form.getFieldValue('decision') as string | undefined;
      form.setFieldsValue({ decision: d === 'assign' ? 'assign' : 'forward', toBodyId: s.bodyId });
    }
  };

  const incompleteClassification = (vals: ClassificationValues) => (vals.purpose || vals.categoryPath?.length) && !classifyCommand(scheme.data, vals);
  const submit = () => {
    void form
      .validateFields()
      .then((vals: Record<string, unknown>) => {
        if (incompleteClassification(vals as ClassificationValues)) {
          form.setFields([{ name: vals.purpose ? 'categoryPath' : 'purpose', errors: ['分类须同时选择信访目的和内容分类'] }]);
          return;
        }
        decide.mutate(vals);
      })
      .catch(() => undefined);
  };

  // Keys inside the panel: 1/2/3 choose a suggestion, Ctrl+Enter submits.
  const keys = useRef({ suggestions, chooseSuggestion, submit });
  keys.current = { suggestions, chooseSuggestion, submit };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      // Checked first, in the capture phase: a focused select or date picker must not swallow Ctrl+Enter.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        e.stopPropagation();
        keys.current.submit();
        return;
      }
      if (e.defaultPrevented) return;
      if (typingIn(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '1' || e.key === '2' || e.key === '3') {
        const s = keys.current.suggestions[Number(e.key) - 1];
        if (s) {
          e.preventDefault();
          keys.current.chooseSuggestion(s);
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const saveClassification = () => {
    void form.validateFields(['purpose', 'categoryPath', 'art31Route']).then((vals: ClassificationValues) => {
      const cmd = classifyCommand(scheme.data, vals);
      if (!cmd) {
        form.setFields([{ name: vals.purpose ? 'categoryPath' : 'purpose', errors: ['分类须同时选择信访目的和内容分类'] }]);
        return;
      }
      classify.mutate(cmd);
    }).catch(() => undefined);
  };

  const err = decide.error ?? classify.error;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      // A decision issues a document: only Ctrl+Enter or the button sends it, never Enter in a field (a date typed
      // into the due-date picker and confirmed with Enter would otherwise submit the whole decision).
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
      }}
      data-testid="decision-form"
    >
      <Card
        size="small"
        title="分类"
        style={{ marginBottom: 12 }}
        extra={
          <Space size={8}>
            {item.classification && !classificationChanged && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                已分类
              </Typography.Text>
            )}
            <Button size="small" disabled={!classificationChanged || !allowed.has('classify')} loading={classify.isPending} onClick={saveClassification} data-testid="save-classification">
              保存分类并更新建议
            </Button>
          </Space>
        }
      >
        <ClassificationFields form={form} compact />
      </Card>

      <Card size="small" title="分办建议（按 1 / 2 / 3 选用）" style={{ marginBottom: 12 }} data-testid="suggestions">
        <SuggestionCards suggestions={suggestions} chosen={chosen} onChoose={chooseSuggestion} />
        {routing.data?.modelVersion != null && (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
            分办模型 v{routing.data.modelVersion}
          </Typography.Text>
        )}
      </Card>

      <Form.Item name="decision" label="分办决定" rules={[{ required: true, message: '请选择分办决定' }]}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="decision">
          {DECISIONS.map((d) => (
            <Tooltip
              key={d.type}
              title={offered(d.type) ? undefined : ROUTING.has(d.type) ? '请先依法分类（信访目的、内容分类，申诉、求决类须定第三十一条途径）；属第三十一条第一至四项的，请导入法定途径' : '当前不可进行此操作'}
            >
              <Radio.Button value={d.type} disabled={!offered(d.type)} data-testid={`decision-${d.type}`}>
                {d.label}
              </Radio.Button>
            </Tooltip>
          ))}
        </Radio.Group>
      </Form.Item>
      {decision && <CommandFields type={decision} form={form} scheme={scheme.data as ClassificationScheme | undefined} context={{ matter: page.matter, suggestions, showOn: false }} />}

      {err && <Alert type="error" showIcon data-testid="command-error" style={{ marginBottom: 12 }} title={refusalText(err)} />}
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="triage-submit">
          确认分办（Ctrl+Enter）
        </Button>
        {classificationChanged && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            分类已修改，将先保存分类
          </Typography.Text>
        )}
      </div>
    </Form>
  );
}
