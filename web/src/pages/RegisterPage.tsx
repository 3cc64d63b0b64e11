import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../api';
import { useMe } from '../auth';
import { fieldProblems, registrationApi } from '../register/api';
import { AttachmentsField } from '../register/AttachmentsField';
import { ChannelDetails } from '../register/ChannelDetails';
import { ChannelPicker } from '../register/ChannelPicker';
import { DemandsField } from '../register/DemandsField';
import { Field, ProblemsContext } from '../register/Field';
import {
  CATEGORY_SUGGESTIONS,
  CHANNEL_OPTIONS,
  NEW_MATTER,
  buildBody,
  channelLabel,
  emptyDemand,
  initialForm,
  problemMap,
  representativeProblem,
  screeningDraft,
  toFormField,
  type Decision,
  type RegistrationForm,
} from '../register/model';
import { PetitionersField } from '../register/PetitionersField';
import { RegionPicker } from '../register/RegionPicker';
import { RegistrationResult } from '../register/RegistrationResult';
import { ScreeningPanel } from '../register/ScreeningPanel';
import type { Channel, FieldProblem, RegisterPetitionBody, RegisteredPetition } from '../types';
import { useDocumentTitle } from '../useDocumentTitle';
import { useDebounced } from '../useDebounced';
import { isAfterChinaToday } from '../chinaTime';


/**
 * 一口登记: the registration desk. The form follows the paper form's order (Tab goes channel → received time →
 * region → petitioners → title/content → respondent/place/category → channel details); the screening panel on the
 * right shows the matters the petition may repeat as the clerk types, and the clerk decides before saving.
 * Keyboard: docs/web.md「登记」.
 */
export function RegisterPage() {
  useDocumentTitle('登记');
  const me = useMe();
  const queryClient = useQueryClient();
  const defaultRegion = me.body.regionCode;
  const provinceCode = `${me.body.regionCode.slice(0, 2)}0000`;

  const [form, setForm] = useState<RegistrationForm>(() => initialForm(defaultRegion));
  const [generation, setGeneration] = useState(0); // a new form remounts (focus, upload list)
  const [activeDemand, setActiveDemand] = useState(0);
  const [serverProblems, setServerProblems] = useState<FieldProblem[]>([]);
  /** An error not tied to a field (network, 404 of a linked matter, conflict); field problems show on the fields. */
  const [otherError, setOtherError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [scrollRequest, setScrollRequest] = useState(0);
  const [done, setDone] = useState<RegisteredPetition | null>(null);

  const patch = (p: Partial<RegistrationForm>, clear?: string) => {
    setForm((f) => ({ ...f, ...p }));
    if (clear) setServerProblems((list) => (list.some((x) => x.field.startsWith(clear)) ? list.filter((x) => !x.field.startsWith(clear)) : list));
  };

  // ---- Screening: debounced, only once there is enough to screen --------------------------------------------------
  const draft = useMemo(() => screeningDraft(form, activeDemand), [form, activeDemand]);
  const draftKey = draft ? JSON.stringify(draft) : null;
  const screenedKey = useDebounced(draftKey, 600);
  const screening = useQuery({
    queryKey: ['duplicates', screenedKey],
    queryFn: ({ signal }) => registrationApi.checkDuplicates(JSON.parse(screenedKey!), signal),
    enabled: !!screenedKey && !done,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const screeningState = !draftKey ? 'idle' : draftKey !== screenedKey ? 'waiting' : screening.isFetching ? 'loading' : screening.isError ? 'error' : 'done';

  const decision: Decision = form.split ? (form.demands[activeDemand]?.decision ?? NEW_MATTER) : form.decision;
  /** Terminated matters the clerk turned the default away from: not chosen again by themselves. */
  const declined = useRef(new Set<string>());
  const decide = (d: Decision) => {
    if (decision.kind !== 'new' && (d.kind === 'new' || d.matterId !== decision.matterId)) declined.current.add(decision.matterId);
    if (form.split) patch({ demands: form.demands.map((x, i) => (i === activeDemand ? { ...x, decision: d } : x)) }, 'demands');
    else patch({ decision: d }, 'demands');
  };
  // Art. 36 ¶3: a repeat of a terminated matter is recorded on it by default (refused again, no new matter and no
  // new 15-day clock), with the reception given (Art. 37 ¶3, 疏导 by default); the clerk may still decide otherwise.
  const screened = screeningState === 'done' ? screening.data : undefined;
  const terminatedRepeat = screened?.repeatOf ? screened.candidates.find((c) => c.matterId === screened.repeatOf && c.flags.some((f) => f.code === 'terminated')) : undefined;
  useEffect(() => {
    if (!terminatedRepeat || decision.kind !== 'new' || declined.current.has(terminatedRepeat.matterId)) return;
    decide({ kind: 'repeat', matterId: terminatedRepeat.matterId, number: terminatedRepeat.number, title: terminatedRepeat.title, reception: 'counselling' });
    // Runs on a new screening result or a changed decision only (decide itself changes on every render).
  }, [terminatedRepeat?.matterId, decision.kind]);

  // ---- Problems: the server's, plus the representative limit as the clerk ticks boxes ---------------------------
  const repProblem = representativeProblem(form);
  const problems = useMemo(() => {
    const list = serverProblems.filter((p) => !(repProblem && p.messageZh === repProblem.messageZh));
    return repProblem ? [repProblem, ...list] : list;
  }, [serverProblems, repProblem]);
  const byField = useMemo(() => problemMap(problems), [problems]);

  useEffect(() => {
    if (!scrollRequest) return;
    const first = document.querySelector<HTMLElement>('[data-field-error="true"]') ?? document.querySelector<HTMLElement>('[data-testid="form-error"]');
    if (!first) return;
    first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    first.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), textarea')?.focus({ preventScroll: true });
  }, [scrollRequest]);

  // ---- Submit ----------------------------------------------------------------------------------------------------
  const personIndex = useRef<number[]>([]);
  const submit = useMutation({
    mutationFn: (body: RegisterPetitionBody) => registrationApi.register(body),
    onSuccess: (result) => {
      setDone(result);
      setServerProblems([]);
      setOtherError(null);
      for (const key of [['matters'], ['matter'], ['dashboard'], ['duplicates'], ['petitioners']]) void queryClient.invalidateQueries({ queryKey: key });
      window.scrollTo({ top: 0 });
    },
    onError: (err) => {
      const list = fieldProblems(err).map((p) => ({ ...p, field: toFormField(p.field, form, personIndex.current) }));
      setServerProblems(list);
      setOtherError(list.length ? null : errorText(err));
      setScrollRequest((n) => n + 1);
    },
  });

  const onSubmit = () => {
    if (submit.isPending || done) return;
    setAttempted(true);
    setOtherError(null);
    if (representativeProblem(form)) {
      setScrollRequest((n) => n + 1);
      return;
    }
    const built = buildBody(form);
    personIndex.current = built.personIndex;
    submit.mutate(built.body);
  };
  const submitRef = useRef(onSubmit);
  submitRef.current = onSubmit;

  const setChannel = (channel: Channel) => patch({ channel }, 'details');
  const setChannelRef = useRef(setChannel);
  setChannelRef.current = setChannel;

  // Page-wide keys: Ctrl+Enter (⌘+Enter) registers; Alt+letter picks a channel.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        submitRef.current();
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        const option = CHANNEL_OPTIONS.find((o) => o.altCode === e.code);
        if (option) {
          e.preventDefault();
          setChannelRef.current(option.value);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const again = () => {
    setForm((f) => initialForm(defaultRegion, { channel: f.channel, regionCode: f.regionCode }));
    setGeneration((g) => g + 1);
    setActiveDemand(0);
    setServerProblems([]);
    setOtherError(null);
    setAttempted(false);
    setDone(null);
    submit.reset();
  };

  const split = () => {
    const first = { ...emptyDemand(), title: form.title, content: form.content, respondent: form.respondent, place: form.place, category: form.category, decision: form.decision };
    patch({ split: true, demands: [first, emptyDemand()], decision: NEW_MATTER });
    setActiveDemand(1);
    setTimeout(() => document.querySelectorAll<HTMLElement>('[data-testid="demand-title"]')[1]?.focus(), 0);
  };
  const unsplit = () => {
    const only = form.demands[0];
    patch({ split: false, demands: [], decision: only?.decision ?? NEW_MATTER });
    setActiveDemand(0);
  };

  if (done) {
    return (
      <div data-testid="register-page">
        <RegistrationResult result={done} onAgain={again} />
      </div>
    );
  }

  return (
    <div data-testid="register-page" key={generation}>
      <ProblemsContext.Provider value={byField}>
        <Form layout="vertical" component={false}>
          <Row gutter={16} align="stretch">
            <Col xs={24} xl={14}>
              <Card
                title="信访件登记"
                extra={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="shortcut-hint">
                    1–8 或 Alt+字母 选渠道 · 行内 Enter 添加信访人 · Ctrl+Enter 登记
                  </Typography.Text>
                }
                style={{ marginBottom: 16 }}
              >
                {(otherError || (attempted && problems.length > 0)) && (
                  <Alert
                    type="error"
                    showIcon
                    data-testid="form-error"
                    style={{ marginBottom: 12 }}
                    title={otherError ?? `未能登记，请修改标出的 ${problems.length} 处问题`}
                    description={
                      !otherError && problems.length > 0 ? (
                        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                          {problems.map((p, i) => (
                            <li key={`${p.field}-${i}`}>
                              {p.messageZh}
                              {p.article ? `（${p.article}）` : ''}
                            </li>
                          ))}
                        </ul>
                      ) : undefined
                    }
                  />
                )}
                <Field field="channel" label="信访渠道" required>
                  <ChannelPicker value={form.channel} onChange={setChannel} autoFocus />
                </Field>
                <Row gutter={12}>
                  <Col span={10}>
                    <Field field="receivedAt" label="收到时间" required>
                      <DatePicker
                        data-testid="received-at"
                        showTime={{ format: 'HH:mm' }}
                        format="YYYY-MM-DD HH:mm"
                        needConfirm={false}
                        allowClear={false}
                        disabledDate={isAfterChinaToday}
                        style={{ width: '100%' }}
                        value={form.receivedAt}
                        onChange={(v) => v && patch({ receivedAt: v }, 'receivedAt')}
                      />
                    </Field>
                  </Col>
                  <Col span={14}>
                    <Field field="regionCode" label="行政区划（问题发生地）" required>
                      <RegionPicker provinceCode={provinceCode} value={form.regionCode} onChange={(regionCode) => patch({ regionCode }, 'regionCode')} />
                    </Field>
                  </Col>
                </Row>

                <PetitionersField rows={form.petitioners} channel={form.channel} onChange={(petitioners) => patch({ petitioners }, 'petitioners')} />

                <Field
                  field="title"
                  label={form.split ? '信访件标题（概要）' : '标题'}
                  required
                  extra={
                    form.split ? (
                      <span data-testid="split-petition-note">分诉求登记后，信访件标题和全文仍须填写：作为信访件原文保存（信访件页面显示，甄别判重使用）；各项诉求按下方分别登记为信访事项办理。</span>
                    ) : undefined
                  }
                >
                  <Input data-testid="title" value={form.title} maxLength={200} placeholder="如：反映小区物业公司擅自提高物业费" onChange={(e) => patch({ title: e.target.value }, 'title')} />
                </Field>
                <Field field="content" label={form.split ? '信访件内容（全文）' : '诉求内容（请求、事实、理由）'} required>
                  <Input.TextArea
                    data-testid="content"
                    value={form.content}
                    autoSize={{ minRows: 4, maxRows: 14 }}
                    maxLength={20000}
                    showCount
                    onChange={(e) => patch({ content: e.target.value }, 'content')}
                  />
                </Field>
                <Row gutter={12}>
                  <Col span={8}>
                    <Field field="respondent" label="被反映人 / 单位">
                      <Input data-testid="respondent" value={form.respondent} maxLength={200} onChange={(e) => patch({ respondent: e.target.value }, 'respondent')} />
                    </Field>
                  </Col>
                  <Col span={8}>
                    <Field field="place" label="问题发生地（详细）">
                      <Input data-testid="place" value={form.place} maxLength={200} onChange={(e) => patch({ place: e.target.value }, 'place')} />
                    </Field>
                  </Col>
                  <Col span={8}>
                    <Field field="category" label="内容分类" extra={form.split ? <span data-testid="split-category-note">分诉求登记时不转入各信访事项：请在各项诉求中填写</span> : undefined}>
                      <AutoComplete
                        data-testid="category"
                        value={form.category}
                        options={CATEGORY_SUGGESTIONS.map((c) => ({ value: c }))}
                        showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
                        onChange={(v: string) => patch({ category: v }, 'category')}
                      />
                    </Field>
                  </Col>
                </Row>

                <Typography.Title level={5} style={{ marginTop: 4 }}>
                  {channelLabel(form.channel)}登记要素
                </Typography.Title>
                <ChannelDetails
                  channel={form.channel}
                  details={form.details[form.channel] ?? {}}
                  receivedAt={form.receivedAt}
                  oral={form.oral}
                  onChange={(d) => patch({ details: { ...form.details, [form.channel]: d } }, 'details')}
                  onOralChange={(oral) => patch({ oral }, 'oral')}
                />

                <Field field="demands">
                  {form.split ? (
                    <DemandsField
                      demands={form.demands}
                      active={activeDemand}
                      onActive={setActiveDemand}
                      onChange={(demands) => {
                        patch({ demands }, 'demands');
                        if (activeDemand >= demands.length) setActiveDemand(demands.length - 1);
                      }}
                      onUnsplit={unsplit}
                    />
                  ) : (
                    <Space>
                      <Button onClick={split} data-testid="split-demands">
                        分诉求登记
                      </Button>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        一件信访件反映多项诉求时，按诉求分别登记为信访事项
                      </Typography.Text>
                    </Space>
                  )}
                </Field>

                <AttachmentsField
                  onAdd={(row) => setForm((f) => ({ ...f, attachments: [...f.attachments, row] }))}
                  onRemove={(id) => setForm((f) => ({ ...f, attachments: f.attachments.filter((a) => a.id !== id) }))}
                />

                <div style={{ display: 'flex', alignItems: 'center', gap: 12, borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
                  <Button type="primary" size="large" loading={submit.isPending} onClick={onSubmit} data-testid="submit">
                    登记（Ctrl+Enter）
                  </Button>
                  <Typography.Text type="secondary" data-testid="submit-summary">
                    {form.split
                      ? `${form.demands.length} 项诉求：${form.demands.filter((d) => d.decision.kind === 'new').length} 项新事项，${form.demands.filter((d) => d.decision.kind !== 'new').length} 项关联已有事项`
                      : form.decision.kind === 'new'
                        ? '将登记为新信访事项'
                        : `将作为${form.decision.kind === 'repeat' ? '重复件' : '集体事项的信访件'}登记在 ${form.decision.number}`}
                  </Typography.Text>
                </div>
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              {/* Sticks below the header while the form scrolls; scrolls itself when the candidates are many. */}
              <div style={{ position: 'sticky', top: 72, maxHeight: 'calc(100vh - 88px)', overflowY: 'auto' }}>
                <ScreeningPanel
                  state={screeningState}
                  result={draftKey ? screening.data : undefined}
                  error={screening.error}
                  decision={decision}
                  target={form.split ? `诉求 ${activeDemand + 1} ` : '本件'}
                  onDecide={decide}
                />
              </div>
            </Col>
          </Row>
        </Form>
      </ProblemsContext.Provider>
    </div>
  );
}
