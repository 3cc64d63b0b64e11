// The fields of each lifecycle command (docs/lifecycle.md) and the command body they make. What a command may do is
// the server's to judge: the forms only collect its fields, and show the server's refusal (messageZh, article).
import { useQuery } from '@tanstack/react-query';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { api, errorText, queryKeys, request } from '../api';
import { EndHearingFields, PublishFields, RescheduleHearingFields, StartHearingFields } from '../handling/HearingFields';
import { ExtensionRequestCard } from '../handling/ExtensionRequestCard';
import { RegionPicker } from '../register/RegionPicker';
import type { ApiCommandType, ClassificationScheme, CommandBody, CommandOfType, MatterDetail, OpinionDraftView, RoutingSuggestion } from '../types';
import { BodyPicker } from './BodyPicker';
import { day, text } from './formValues';
import { ClassificationFields, classificationInitial, classifyCommand, type ClassificationValues } from './ClassificationFields';
import {
  APPEAL_DISPOSITION_LABELS,
  DELIVERY_METHOD_LABELS,
  OUTCOME_LABELS,
  RATING_LABELS,
  RECEPTION_KIND_LABELS,
  REDIRECT_BODY_KIND,
  REDIRECT_CHANNEL_LABELS,
  SIMPLE_ELIGIBILITY_LABELS,
  SUPERVISION_LETTER_LABELS,
  SUPERVISION_METHOD_LABELS,
  SUPERVISION_VERDICT_LABELS,
  AGREEMENT_KIND_LABELS,
  INVESTIGATION_KIND_LABELS,
  toOptions,
} from './labels';
import { chinaTodayValue, isAfterChinaToday, isNotAfterChinaToday } from '../chinaTime';

const noFuture = isAfterChinaToday;
const notAfterToday = isNotAfterChinaToday;

export function useRejectionReasons() {
  return useQuery({ queryKey: queryKeys.rejectionReasons, queryFn: () => api.rejectionReasons(), staleTime: 10 * 60_000 });
}

const REASON_LABELS: Record<string, string> = {
  requestReturn: '申请退回理由',
  dismissReturn: '不同意退回的理由',
  sendBackRegistration: '退回登记台的理由（需更正之处）',
  flagDispatch: '分办不精准的情形',
  convert: '转为普通程序的理由',
  returnCompletionReport: '退回办结报告的理由',
  requestExtension: '延期理由（将告知信访人）',
  extend: '告知信访人的延期理由（默认为申请理由）',
  refuseExtension: '不予批准的理由',
  escalateSupervision: '提级理由',
};

/** The document an issuing command produces. */
const ISSUED_DOCUMENT: Record<string, string> = {
  reply: '信访事项处理意见书',
  issueReviewOpinion: '信访事项复查意见书',
  issueReReviewOpinion: '信访事项复核意见书',
};

/** What the act's date (`on`) means for the commands where 办理日期 would mislead. */
const ON_LABELS: Record<string, string> = {
  recordDelivery: '送达日期',
  startHearing: '听证通知日期',
  rescheduleHearing: '改期通知日期',
  endHearing: '听证结束日期',
  publishReReviewOpinion: '公示日期',
};

const NOTE_LABELS: Record<string, string> = {
  forward: '转送说明（可选）',
  assign: '交办要求（可选）',
  retain: '说明（可选）',
  upholdReturn: '核实意见（可选）',
  approveCompletionReport: '审核意见（可选）',
  correctRegistration: '更正说明（可选）',
  recordReception: '接待帮扶情况（可选）',
  assessSupervision: '评估意见',
};

export interface CommandContext {
  matter?: MatterDetail;
  /** Routing suggestions: their bodies are named in the body picker. */
  suggestions?: RoutingSuggestion[];
  /** Whether to offer the act's date (`on`, default today). */
  showOn?: boolean;
}

function ReasonField({ type, required }: { type: string; required?: boolean }) {
  return (
    <Form.Item
      name="reason"
      label={REASON_LABELS[type] ?? '理由'}
      rules={required ? [{ required: true, whitespace: true, message: '请填写理由' }] : undefined}
    >
      <Input.TextArea data-testid="command-reason" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
    </Form.Item>
  );
}

function NoteField({ type, name = 'note' }: { type: string; name?: string }) {
  return (
    <Form.Item name={name} label={NOTE_LABELS[type] ?? '说明（可选）'}>
      <Input.TextArea data-testid="command-note" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
    </Form.Item>
  );
}

function known(suggestions: RoutingSuggestion[] | undefined) {
  return (suggestions ?? []).map((s) => ({ id: s.bodyId, name: s.bodyName }));
}

function RejectFields({ form }: { form: FormInstance }) {
  const reasons = useRejectionReasons();
  const code = Form.useWatch('reasonCode', form) as string | undefined;
  const ground = reasons.data?.find((r) => r.code === code);
  return (
    <>
      <Form.Item name="reasonCode" label="不予受理理由" rules={[{ required: true, message: '请选择不予受理的理由' }]}>
        <Select
          data-testid="reject-ground"
          placeholder="选择理由"
          loading={reasons.isPending}
          options={(reasons.data ?? []).map((r) => ({ value: r.code, label: r.label }))}
          onChange={(c: string) => {
            const g = reasons.data?.find((r) => r.code === c);
            if (g) form.setFieldValue('reason', g.noticeText);
          }}
        />
      </Form.Item>
      {ground && (
        <Alert
          type="info"
          showIcon
          data-testid="reject-article"
          style={{ marginBottom: 12 }}
          title={`依据：${ground.article}`}
          description={ground.advice ? `告知书将建议信访人${ground.advice}。` : undefined}
        />
      )}
      <Form.Item
        name="reason"
        label="告知书理由（接「经审查，」）"
        extra="已按所选理由预填，请结合本件情况写具体。"
        rules={[{ required: true, whitespace: true, message: '请填写理由' }]}
      >
        <Input.TextArea data-testid="command-reason" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}

function RedirectFields({ form, scheme, suggestions }: { form: FormInstance; scheme?: ClassificationScheme; suggestions?: RoutingSuggestion[] }) {
  const channel = Form.useWatch('channel', form) as string | undefined;
  const channels = scheme?.redirectChannels ?? Object.entries(REDIRECT_CHANNEL_LABELS).map(([code, label]) => ({ code, label, bodyKind: REDIRECT_BODY_KIND[code] ?? null }));
  const kind = channel ? channels.find((c) => c.code === channel)?.bodyKind : undefined;
  return (
    <>
      <Form.Item name="channel" label="导入途径" rules={[{ required: true, message: '请选择导入途径' }]}>
        <Radio.Group
          data-testid="redirect-channel"
          options={channels.map((c) => ({ value: c.code, label: c.label }))}
          onChange={() => form.setFieldValue('toBodyId', undefined)}
        />
      </Form.Item>
      <Form.Item name="toBodyId" label="接收机关" rules={[{ required: true, message: '请选择接收机关' }]}>
        <BodyPicker testId="target-body" kind={kind ?? undefined} dispatchTarget known={known(suggestions)} />
      </Form.Item>
      <Form.Item name="reason" label="导入说明（可选）">
        <Input.TextArea data-testid="command-reason" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}

function AcceptFields({ form }: { form: FormInstance }) {
  const procedure = Form.useWatch('procedure', form) as string | undefined;
  const eligibility = Form.useWatch('eligibilityBasis', form) as string | undefined;
  const yesNo = [
    { value: true, label: '是' },
    { value: false, label: '否' },
  ];
  const assertion = (name: string, text: string) => (
    <Form.Item name={name} label={text} rules={[{ required: true, message: '请作出判断' }]} style={{ marginBottom: 8 }}>
      <Radio.Group data-testid={`accept-${name}`} options={yesNo} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item name="procedure" label="办理程序" rules={[{ required: true, message: '请选择办理程序' }]}>
        <Radio.Group
          data-testid="accept-procedure"
          optionType="button"
          options={[
            { value: 'ordinary', label: '普通程序' },
            { value: 'simple', label: '简易办理' },
          ]}
        />
      </Form.Item>
      {procedure === 'simple' && (
        <>
          <Form.Item name="eligibilityBasis" label="适用简易办理的情形" rules={[{ required: true, message: '请选择适用情形' }]}>
            <Select data-testid="accept-eligibility" options={toOptions(SIMPLE_ELIGIBILITY_LABELS)} placeholder="选择情形" />
          </Form.Item>
          {eligibility === 'other' && (
            <Form.Item name="eligibilityReason" label="可以简易办理的理由" rules={[{ required: true, whitespace: true, message: '选择「其他可以简易办理的」须说明理由' }]}>
              <Input.TextArea data-testid="accept-eligibility-reason" autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            以下由承办人作出判断；是否适用简易办理由系统依《信访事项简易办理办法（试行）》核验。
          </Typography.Paragraph>
          {assertion('likelyNotSupported', '信访人诉求可能不予支持')}
          {assertion('statutoryProcedureAvailable', '可以通过其他法定途径解决')}
          {assertion('multipleBodies', '涉及多个机关、单位')}
        </>
      )}
    </>
  );
}

interface AppealBody {
  stageLabel: string;
  article: string;
  from: { id: string; name: string };
  candidates: { id: string; name: string; reasonZh: string; isDefault: boolean }[];
  noteZh: string | null;
}

/**
 * 复查 / 复核机关: the bodies one level above as the org tree gives them (Art. 35, 36), the default first. Left empty,
 * the server takes the default.
 */
function AppealBodyField({ matterId, stage, name }: { matterId?: string; stage: 'review' | 'reReview'; name: string }) {
  const q = useQuery({
    queryKey: ['appeal-body', matterId, stage],
    queryFn: () => request<AppealBody>('GET', `/matters/${encodeURIComponent(matterId ?? '')}/appeal-body`, { query: { stage } }),
    enabled: !!matterId,
  });
  const label = stage === 'review' ? '复查机关' : '复核机关';
  return (
    <>
      {q.isError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={errorText(q.error)} />}
      <Form.Item name={name} label={label} extra={q.data ? `${q.data.article}：${q.data.from.name}的上一级机关、单位${q.data.noteZh ? `。${q.data.noteZh}` : ''}` : undefined}>
        <Radio.Group data-testid="appeal-body">
          {(q.data?.candidates ?? []).map((c) => (
            <Radio key={c.id} value={c.id} style={{ display: 'flex', marginBottom: 6 }}>
              {c.name}
              {c.isDefault ? '（默认）' : ''}
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{c.reasonZh}</div>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
    </>
  );
}

/** The draft being signed, as the signer reads it before signing. */
function OpinionDraftSummary({ draft }: { draft: OpinionDraftView }) {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="opinion-draft-summary"
      title={`${draft.dispositionLabel ? `${draft.dispositionLabel}原意见 · ` : ''}处理意见：${draft.outcomeLabel}`}
      description={
        <>
          {draft.supersededByHearingOn && (
            <div style={{ color: '#d4380d' }} data-testid="opinion-draft-stale">
              本草稿拟写于 {draft.supersededByHearingOn} 听证笔录之前：须在听证后重新拟写并签批（《信访工作条例》第三十六条第二款）
            </div>
          )}
          <div>{draft.summary}</div>
          {draft.legalBasis && <div style={{ color: 'rgba(0,0,0,0.55)' }}>依据：{draft.legalBasis}</div>}
          <div style={{ marginTop: 4, fontSize: 12 }}>
            {draft.chain.map((st, i) => {
              const sig = draft.signatures[i];
              return (
                <span key={st.key} style={{ marginRight: 12 }}>
                  {st.labelZh}：{sig ? `${sig.signer.name} ${sig.on}` : '待签批'}
                </span>
              );
            })}
          </div>
        </>
      }
    />
  );
}

function SuperviseFields({ form }: { form: FormInstance }) {
  const method = Form.useWatch('method', form) as string | undefined;
  const listed = Form.useWatch('listed', form) as boolean | undefined;
  return (
    <>
      <Form.Item name="method" label="督办方式" rules={[{ required: true, message: '请选择督办方式' }]}>
        <Radio.Group
          data-testid="supervise-method"
          optionType="button"
          options={toOptions(SUPERVISION_METHOD_LABELS)}
          onChange={(e) => {
            // A letter is the usual companion of 发函督办; the others may go without one.
            if (e.target.value === 'letter' && !form.getFieldValue('letterKind')) form.setFieldValue('letterKind', 'supervisionLetter');
          }}
        />
      </Form.Item>
      <Form.Item
        name="letterKind"
        label="督办文书"
        extra="生成正式文书（.docx），送被督办单位"
        rules={[{ required: method === 'letter', message: '发函督办须选择文书' }]}
      >
        <Radio.Group data-testid="supervise-letter" options={[...toOptions(SUPERVISION_LETTER_LABELS), { value: '', label: '不发文书' }]} />
      </Form.Item>
      <Form.Item name="reason" label="督办事由（发现的问题）" rules={[{ required: true, whitespace: true, message: '请填写督办事由' }]}>
        <Input.TextArea data-testid="command-reason" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="replyDueOn" label="回复期限" rules={[{ required: true, message: '请选择回复期限' }]}>
            <DatePicker data-testid="supervise-reply-due" disabledDate={notAfterToday} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="listed" label="挂牌督办">
            <Radio.Group
              data-testid="supervise-listed"
              options={[
                { value: false, label: '否' },
                { value: true, label: '挂牌督办' },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      {listed && (
        <Form.Item name="listedDueOn" label="挂牌督办办结期限" extra="《信访工作条例》第三十九条第三款" rules={[{ required: true, message: '请选择挂牌督办期限' }]}>
          <DatePicker data-testid="supervise-listed-due" disabledDate={notAfterToday} style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}

function AssessSupervisionFields({ form, matter }: { form: FormInstance; matter?: MatterDetail }) {
  const verdict = Form.useWatch('verdict', form) as string | undefined;
  const reply = matter?.supervision?.reply;
  return (
    <>
      {reply && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="supervision-reply"
          title={`${matter?.supervision?.target.name ?? ''} ${reply.on} 回复`}
          description={reply.summary}
        />
      )}
      <Form.Item name="verdict" label="评估结论" rules={[{ required: true, message: '请作出评估' }]}>
        <Radio.Group data-testid="assess-verdict" options={toOptions(SUPERVISION_VERDICT_LABELS)} />
      </Form.Item>
      <Form.Item
        name="note"
        label={NOTE_LABELS.assessSupervision}
        rules={verdict === 'unsatisfactory' ? [{ required: true, whitespace: true, message: '继续督办须说明回复不到位之处' }] : undefined}
      >
        <Input.TextArea data-testid="command-note" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      {verdict === 'unsatisfactory' && (
        <Form.Item name="replyDueOn" label="新的回复期限" rules={[{ required: true, message: '请选择新的回复期限' }]}>
          <DatePicker data-testid="assess-reply-due" disabledDate={notAfterToday} style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}

function CorrectRegistrationFields({ matter }: { matter?: MatterDetail }) {
  const provinceCode = `${(matter?.regionCode ?? '140000').slice(0, 2)}0000`;
  return (
    <>
      <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '标题不能为空' }]}>
        <Input data-testid="correct-title" maxLength={200} />
      </Form.Item>
      <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '诉求内容不能为空' }]}>
        <Input.TextArea data-testid="correct-content" autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="respondent" label="被反映人 / 单位">
            <Input data-testid="correct-respondent" maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="place" label="问题发生地（详细）">
            <Input data-testid="correct-place" maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="regionCode" label="行政区划">
        <RegionPickerField provinceCode={provinceCode} />
      </Form.Item>
    </>
  );
}

function RegionPickerField({ value, onChange, provinceCode }: { value?: string; onChange?: (v: string) => void; provinceCode: string }) {
  return <RegionPicker provinceCode={provinceCode} value={value ?? ''} onChange={(v) => onChange?.(v)} />;
}

/**
 * Under review / re-review: the petitioner's reasons and the opinion under review, then what the opinion does to it
 * (维持 / 撤销 / 变更); the server refuses a disposition that does not agree with the outcome.
 */
function AppealDispositionFields({ matter }: { matter: MatterDetail }) {
  const review = matter.status === 'review';
  const what = review ? '复查' : '复核';
  const request = review ? matter.appeal?.reviewRequest : matter.appeal?.reReviewRequest;
  const under = matter.appeal?.underReview ?? null;
  const noun = under?.noun ?? (review ? '处理意见' : '复查意见');
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="appeal-request-reasons"
        title={`请求${what}的理由`}
        description={
          <>
            <div>{request?.reasons ?? '（请求未载明理由）'}</div>
            {under && (
              <div style={{ marginTop: 4, fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                原{noun}：{under.body?.name ?? ''} {under.on} 作出，{under.outcomeLabel}
              </div>
            )}
          </>
        }
      />
      <Form.Item
        name="disposition"
        label={`对原${noun}的处理`}
        extra={`维持：处理结果与原${noun}相同；变更：作出不同的处理结果；撤销：原${noun}认定事实、适用依据或程序有误，予以撤销（《山东省信访条例》第四十五条）`}
        rules={[{ required: true, message: '请选择维持、撤销或变更' }]}
      >
        <Radio.Group data-testid="command-disposition" options={toOptions(APPEAL_DISPOSITION_LABELS)} />
      </Form.Item>
    </>
  );
}

/** 请求复查 / 复核的理由: what the petitioner disagrees with, in their words; the appeal body answers it. */
function AppealReasonsField({ stage }: { stage: 'review' | 'reReview' }) {
  const what = stage === 'review' ? '复查' : '复核';
  return (
    <Form.Item
      name="reasons"
      label={`请求${what}的理由`}
      extra={`信访人对${stage === 'review' ? '处理意见' : '复查意见'}哪些方面不服、为什么；${what}意见书将载明`}
      rules={[{ required: true, whitespace: true, message: `请填写请求${what}的理由` }]}
    >
      <Input.TextArea data-testid="command-reasons" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={3000} showCount />
    </Form.Item>
  );
}

function OutcomeFields() {
  return (
    <>
      <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
        <Radio.Group data-testid="command-outcome" options={toOptions(OUTCOME_LABELS)} />
      </Form.Item>
      <Form.Item name="request" label="信访请求" extra="不填则以事项标题为请求">
        <Input.TextArea data-testid="command-request" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="facts" label="事实和理由（调查核实情况）">
        <Input.TextArea data-testid="command-facts" autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <Form.Item
        name="summary"
        label="处理意见"
        extra="《信访工作条例》第三十二条：意见书载明请求、事实和理由、处理意见及其法律法规依据"
        rules={[{ required: true, whitespace: true, message: '请填写处理意见' }]}
      >
        <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item name="legalBasis" label="法律法规依据">
        <Input.TextArea data-testid="command-legal-basis" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}

// ---- One entry a command: its fields, the command its values make, its starting values ---------------------------

// antd's form values are untyped (FormInstance<any>); what they make is typed by the command union (CommandOfType).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FormValues = Record<string, any>;

/**
 * The fields a form sends for command T (besides `type` and the act's date `on`), by the server's command schema. All
 * optional: a form does not repeat the server's checks, it sends what was filled in and shows the server's answer.
 */
type CommandFieldValues<T extends ApiCommandType> = Partial<Omit<CommandOfType<T>, 'type' | 'on'>>;

interface FieldsProps<T extends ApiCommandType> {
  type: T;
  form: FormInstance;
  scheme?: ClassificationScheme;
  matter?: MatterDetail;
  suggestions?: RoutingSuggestion[];
}

interface CommandForm<T extends ApiCommandType> {
  /** The command's own fields (none: the act's date only). */
  Fields?: (props: FieldsProps<T>) => ReactNode;
  build: (values: FormValues, context: { scheme?: ClassificationScheme; matter?: MatterDetail }) => CommandFieldValues<T>;
  initial?: (matter?: MatterDetail) => FormValues;
}

/** A command whose one field is its reason (required: the statute or practice asks for it). */
const reasonOnly = {
  Fields: ({ type }: { type: ApiCommandType }) => <ReasonField type={type} required />,
  build: (v: FormValues) => ({ reason: text(v.reason) }),
};

const noteOnly = {
  Fields: ({ type }: { type: ApiCommandType }) => <NoteField type={type} />,
  build: (v: FormValues) => ({ note: text(v.note) }),
};

function TargetBodyField({ suggestions }: { suggestions?: RoutingSuggestion[] }) {
  return (
    <Form.Item name="toBodyId" label="接收单位" rules={[{ required: true, message: '请选择接收单位' }]}>
      <BodyPicker testId="target-body" dispatchTarget known={known(suggestions)} />
    </Form.Item>
  );
}

function ExtensionFields({ type, matter }: FieldsProps<'extend' | 'refuseExtension'>) {
  return (
    <>
      {matter?.extensionRequest && <ExtensionRequestCard request={matter.extensionRequest} />}
      {type === 'extend' && (
        <Form.Item
          name="days"
          label="批准延长天数"
          extra="不超过申请的天数"
          rules={[{ type: 'number', min: 1, max: matter?.extensionRequest?.days ?? 30, message: `批准的天数须为1至${matter?.extensionRequest?.days ?? 30}日（不超过申请的天数）` }]}
        >
          <InputNumber data-testid="command-days" precision={0} addonAfter="日" style={{ width: 160 }} />
        </Form.Item>
      )}
      <ReasonField type={type} required={type === 'refuseExtension'} />
    </>
  );
}

function SignOrIssueFields({ type, matter }: FieldsProps<'signOpinion' | 'reply' | 'issueReviewOpinion' | 'issueReReviewOpinion'>) {
  return (
    <>
      {matter?.opinionDraft && <OpinionDraftSummary draft={matter.opinionDraft} />}
      {type === 'signOpinion' ? (
        <Form.Item name="comment" label={`${matter?.opinionDraft?.next?.labelZh ?? ''}签批意见（可选）`}>
          <Input data-testid="command-comment" placeholder="如：同意" maxLength={500} />
        </Form.Item>
      ) : (
        <Typography.Paragraph type="secondary">出具后生成《{ISSUED_DOCUMENT[type]}》（.docx），内容以签批的意见为准。</Typography.Paragraph>
      )}
      {type.startsWith('issue') && (
        <Form.Item name="deliveredOn" label="送达日期" extra={type === 'issueReviewOpinion' ? '信访人收到复查意见书之日：请求复核的 30 日自此起算' : '信访人收到复核意见书之日'} rules={[{ required: true, message: '请选择送达日期' }]}>
          <DatePicker data-testid="command-delivered-on" disabledDate={noFuture} style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}

/** The content is the signed draft's: issuing records only when the petitioner received it. */
const issueOpinion = { Fields: SignOrIssueFields, build: (v: FormValues) => ({ deliveredOn: day(v.deliveredOn) }) };

const COMMAND_FORMS: { [T in ApiCommandType]: CommandForm<T> } = {
  classify: {
    Fields: ({ form }) => <ClassificationFields form={form} required />,
    build: (v, { scheme }) => {
      const cmd = classifyCommand(scheme, v as ClassificationValues);
      return cmd ? { purpose: cmd.purpose, categoryPath: cmd.categoryPath, art31Route: cmd.art31Route } : {};
    },
    initial: (matter) => ({ ...classificationInitial(matter?.classification) }),
  },
  sendBackRegistration: reasonOnly,
  correctRegistration: {
    Fields: ({ type, matter }) => (
      <>
        <CorrectRegistrationFields matter={matter} />
        <NoteField type={type} />
      </>
    ),
    build: (v, { matter: m }) => {
      const changes: CommandFieldValues<'correctRegistration'>['changes'] = {};
      const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
      if (str(v.title) !== (m?.title ?? '')) changes.title = str(v.title);
      if (str(v.content) !== (m?.content ?? '')) changes.content = str(v.content);
      if (str(v.respondent) !== (m?.respondent ?? '')) changes.respondent = str(v.respondent) || null;
      if (str(v.place) !== (m?.place ?? '')) changes.place = str(v.place) || null;
      if (v.regionCode && v.regionCode !== m?.regionCode) changes.regionCode = v.regionCode;
      return { changes, note: text(v.note) };
    },
    initial: (matter) =>
      matter ? { title: matter.title, content: matter.content, respondent: matter.respondent ?? '', place: matter.place ?? '', regionCode: matter.regionCode } : {},
  },
  forward: {
    Fields: ({ type, suggestions }) => (
      <>
        <TargetBodyField suggestions={suggestions} />
        <NoteField type={type} />
      </>
    ),
    build: (v) => ({ toBodyId: v.toBodyId, note: text(v.note) }),
  },
  assign: {
    Fields: ({ type, suggestions }) => (
      <>
        <TargetBodyField suggestions={suggestions} />
        <Form.Item name="dueOn" label="办理期限（办结日期）" rules={[{ required: true, message: '请选择办理期限' }]}>
          <DatePicker data-testid="assign-due-on" disabledDate={notAfterToday} style={{ width: 200 }} />
        </Form.Item>
        <NoteField type={type} />
      </>
    ),
    build: (v) => ({ toBodyId: v.toBodyId, dueOn: day(v.dueOn), note: text(v.note) }),
  },
  retain: noteOnly,
  flagDispatch: reasonOnly,
  supervise: {
    Fields: ({ form }) => <SuperviseFields form={form} />,
    build: (v) => ({
      method: v.method,
      // The select offers the letter kinds only; cleared, it is no letter.
      letterKind: (typeof v.letterKind === 'string' && v.letterKind ? v.letterKind : null) as CommandFieldValues<'supervise'>['letterKind'],
      reason: text(v.reason),
      replyDueOn: day(v.replyDueOn),
      listed: v.listed === true,
      listedDueOn: v.listed === true ? day(v.listedDueOn) : undefined,
      dutyCheck: typeof v.dutyCheck === 'string' ? v.dutyCheck : undefined,
    }),
    // A week to answer is the office's usual ask; the office changes it at will.
    initial: () => ({ method: 'letter', letterKind: 'supervisionLetter', listed: false, replyDueOn: chinaTodayValue().add(7, 'day') }),
  },
  replySupervision: {
    Fields: ({ matter }) => (
      <>
        {matter?.supervision && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${matter.supervision.by.name}${matter.supervision.letterLabel ? `（${matter.supervision.letterLabel}）` : ''}：请于 ${matter.supervision.replyDueOn} 前书面回复`}
            description={matter.supervision.reason}
          />
        )}
        <Form.Item name="summary" label="回复内容（办理情况）" rules={[{ required: true, whitespace: true, message: '请填写回复内容' }]}>
          <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
        </Form.Item>
      </>
    ),
    build: (v) => ({ summary: text(v.summary) }),
  },
  assessSupervision: {
    Fields: ({ form, matter }) => <AssessSupervisionFields form={form} matter={matter} />,
    build: (v) => ({ verdict: v.verdict, note: text(v.note), replyDueOn: v.verdict === 'unsatisfactory' ? day(v.replyDueOn) : undefined }),
  },
  escalateSupervision: {
    Fields: ({ type }) => (
      <>
        <Form.Item name="toLeader" label="提级报送" rules={[{ required: true, whitespace: true, message: '请填写提级报送的领导' }]}>
          <Input data-testid="escalate-leader" placeholder="如：分管副局长、局长" maxLength={100} />
        </Form.Item>
        <ReasonField type={type} required />
      </>
    ),
    build: (v) => ({ toLeader: text(v.toLeader), reason: text(v.reason) }),
  },
  requestReturn: reasonOnly,
  upholdReturn: noteOnly,
  dismissReturn: reasonOnly,
  reject: {
    Fields: ({ form }) => <RejectFields form={form} />,
    build: (v) => ({ reasonCode: v.reasonCode, reason: text(v.reason) }),
  },
  redirect: {
    Fields: ({ form, scheme, suggestions }) => <RedirectFields form={form} scheme={scheme} suggestions={suggestions} />,
    build: (v) => ({ channel: v.channel, toBodyId: v.toBodyId, reason: text(v.reason) }),
  },
  accept: {
    Fields: ({ form }) => <AcceptFields form={form} />,
    build: (v) =>
      v.procedure === 'simple'
        ? {
            procedure: 'simple',
            eligibilityBasis: v.eligibilityBasis,
            eligibilityReason: v.eligibilityBasis === 'other' ? text(v.eligibilityReason) : undefined,
            likelyNotSupported: v.likelyNotSupported,
            statutoryProcedureAvailable: v.statutoryProcedureAvailable,
            multipleBodies: v.multipleBodies,
          }
        : { procedure: 'ordinary' },
    initial: () => ({ procedure: 'ordinary' }),
  },
  requestExtension: {
    Fields: ({ type }) => (
      <>
        <Form.Item
          name="days"
          label="申请延长天数"
          extra="《信访工作条例》第三十四条：延长期限累计不超过30日，经本机关负责人批准"
          // A rule, not the input's max: a number over the limit is refused with the reason instead of silently cut.
          rules={[
            { required: true, message: '请填写延长天数' },
            { type: 'number', min: 1, max: 30, message: '延长天数须为1至30日（第三十四条：延长期限累计不超过30日）' },
          ]}
        >
          <InputNumber data-testid="command-days" precision={0} addonAfter="日" style={{ width: 160 }} />
        </Form.Item>
        <ReasonField type={type} required />
      </>
    ),
    build: (v) => ({ days: v.days ?? undefined, reason: text(v.reason) }),
  },
  extend: {
    Fields: ExtensionFields,
    build: (v) => ({ days: v.days ?? undefined, reason: text(v.reason) }),
    // The head approves what was asked unless they grant fewer days.
    initial: (matter) => ({ days: matter?.extensionRequest?.days }),
  },
  refuseExtension: { Fields: ExtensionFields, build: reasonOnly.build },
  convert: reasonOnly,
  recordInvestigation: {
    Fields: () => (
      <>
        <Form.Item name="kind" label="调查方式" rules={[{ required: true, message: '请选择调查方式' }]}>
          <Radio.Group data-testid="command-kind" optionType="button" options={toOptions(INVESTIGATION_KIND_LABELS)} />
        </Form.Item>
        <Form.Item name="participants" label="参加人员（可选）">
          <Input data-testid="command-participants" maxLength={500} />
        </Form.Item>
        <Form.Item name="summary" label="调查核实情况" rules={[{ required: true, whitespace: true, message: '请填写调查核实情况' }]}>
          <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
        </Form.Item>
      </>
    ),
    build: (v) => ({ kind: v.kind, summary: text(v.summary), participants: text(v.participants) }),
  },
  recordAgreement: {
    Fields: () => (
      <>
        <Form.Item name="kind" label="协议类型" extra="《信访工作条例》第三十三条" rules={[{ required: true, message: '请选择协议类型' }]}>
          <Radio.Group data-testid="command-kind" options={toOptions(AGREEMENT_KIND_LABELS)} />
        </Form.Item>
        <Form.Item name="parties" label="当事各方（可选）">
          <Input data-testid="command-parties" maxLength={500} />
        </Form.Item>
        <Form.Item name="summary" label="协议内容" rules={[{ required: true, whitespace: true, message: '请填写协议内容' }]}>
          <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
        </Form.Item>
      </>
    ),
    build: (v) => ({ kind: v.kind, summary: text(v.summary), parties: text(v.parties) }),
  },
  nameCaseLeader: {
    Fields: () => (
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="name" label="包案领导" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input data-testid="command-leader-name" maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="title" label="职务（可选）">
            <Input data-testid="command-leader-title" maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
    ),
    build: (v) => ({ name: text(v.name), title: text(v.title) }),
  },
  checkItem: {
    Fields: ({ matter }) => (
      <>
        <Form.Item name="item" label="清单项目" rules={[{ required: true, message: '请选择清单项目' }]}>
          <Radio.Group data-testid="command-item" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            {(matter?.workspace?.checklist ?? []).map((it) => (
              <Radio key={it.key} value={it.key} disabled={it.done}>
                {it.labelZh}
                {it.done ? `（${it.byName ?? ''} ${it.on ?? ''} 已完成）` : ''}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label="说明（可选）">
          <Input data-testid="command-note" maxLength={500} />
        </Form.Item>
      </>
    ),
    build: (v) => ({ item: v.item, note: text(v.note) }),
  },
  draftOpinion: {
    Fields: ({ matter }) => (
      <>
        {matter && (matter.status === 'review' || matter.status === 'reReview') && <AppealDispositionFields matter={matter} />}
        <OutcomeFields />
      </>
    ),
    build: (v) => ({ outcome: v.outcome, summary: text(v.summary), request: text(v.request), facts: text(v.facts), legalBasis: text(v.legalBasis), disposition: v.disposition }),
    // Redrafting starts from the current draft.
    initial: (matter) => {
      const d = matter?.opinionDraft;
      return d ? { outcome: d.outcome, summary: d.summary, request: d.request ?? '', facts: d.facts ?? '', legalBasis: d.legalBasis ?? '', ...(d.disposition ? { disposition: d.disposition } : {}) } : {};
    },
  },
  signOpinion: { Fields: SignOrIssueFields, build: (v) => ({ comment: text(v.comment) }) },
  reply: { Fields: SignOrIssueFields, build: () => ({}) },
  recordDelivery: {
    Fields: () => (
      <Form.Item name="method" label="送达方式" rules={[{ required: true, message: '请选择送达方式' }]}>
        <Radio.Group data-testid="command-method" options={toOptions(DELIVERY_METHOD_LABELS)} />
      </Form.Item>
    ),
    build: (v) => ({ method: v.method }),
  },
  fileCompletionReport: {
    Fields: () => (
      <Form.Item name="summary" label="办结报告摘要（可选）">
        <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
    ),
    build: (v) => ({ summary: text(v.summary) }),
  },
  approveCompletionReport: noteOnly,
  returnCompletionReport: reasonOnly,
  evaluate: {
    Fields: () => (
      <>
        <Form.Item name="rating" label="评价结果" rules={[{ required: true, message: '请选择评价结果' }]}>
          <Radio.Group data-testid="command-rating" options={toOptions(RATING_LABELS)} />
        </Form.Item>
        <Form.Item name="comment" label="信访人意见（可选）">
          <Input.TextArea data-testid="command-comment" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </>
    ),
    build: (v) => ({ rating: v.rating, comment: text(v.comment) }),
  },
  requestReview: {
    Fields: ({ matter }) => (
      <>
        <AppealBodyField matterId={matter?.id} stage="review" name="reviewBodyId" />
        <AppealReasonsField stage="review" />
      </>
    ),
    build: (v) => ({ reviewBodyId: v.reviewBodyId, reasons: text(v.reasons) }),
  },
  issueReviewOpinion: issueOpinion,
  requestReReview: {
    Fields: ({ matter }) => (
      <>
        <AppealBodyField matterId={matter?.id} stage="reReview" name="reReviewBodyId" />
        <AppealReasonsField stage="reReview" />
      </>
    ),
    build: (v) => ({ reReviewBodyId: v.reReviewBodyId, reasons: text(v.reasons) }),
  },
  startHearing: {
    Fields: () => <StartHearingFields />,
    build: (v) => ({
      heldOn: day(v.heldOn),
      time: text(v.time),
      place: text(v.place),
      presidingOfficer: text(v.presidingOfficer),
      // A name left empty is left out: the server names the row that lacks it.
      officers: ((v.officers ?? []) as FormValues[]).map((o) => ({ name: text(o.name), affiliation: text(o.affiliation), proposedBy: o.proposedBy })) as CommandFieldValues<'startHearing'>['officers'],
      participants: ((v.participants ?? []) as FormValues[]).map((x) => ({ name: text(x.name), role: x.role })) as CommandFieldValues<'startHearing'>['participants'],
      petitionerAgreed: v.petitionerAgreed === true,
      closedReason: text(v.closedReason),
    }),
    // 共同选定: one officer proposed by each side to start with.
    initial: () => ({ officers: [{ proposedBy: 'petitioner' }, { proposedBy: 'body' }], participants: [], petitionerAgreed: false }),
  },
  rescheduleHearing: {
    Fields: () => <RescheduleHearingFields />,
    build: (v) => ({ heldOn: day(v.heldOn), time: text(v.time), place: text(v.place), reason: text(v.reason) }),
  },
  endHearing: {
    Fields: ({ form }) => <EndHearingFields form={form} />,
    build: (v) =>
      v.withdrawn === true
        ? { withdrawn: true, record: text(v.record) }
        : { record: text(v.record), conclusion: text(v.conclusion), petitionerAttended: v.petitionerAttended as boolean | undefined },
  },
  publishReReviewOpinion: { Fields: () => <PublishFields />, build: (v) => ({ text: text(v.text) }) },
  issueReReviewOpinion: issueOpinion,
  lapse: { build: () => ({}) },
  recordReception: {
    Fields: ({ type }) => (
      <>
        <Form.Item name="kind" label="接待帮扶方式" rules={[{ required: true, message: '请选择方式' }]}>
          <Radio.Group data-testid="command-kind" options={toOptions(RECEPTION_KIND_LABELS)} />
        </Form.Item>
        <NoteField type={type} />
      </>
    ),
    build: (v) => ({ kind: v.kind, note: text(v.note) }),
  },
};

/** The form of a command type the server offers (allowedActions); undefined for a type this app does not know. */
function commandForm(type: string): CommandForm<ApiCommandType> | undefined {
  return Object.hasOwn(COMMAND_FORMS, type) ? (COMMAND_FORMS[type as ApiCommandType] as CommandForm<ApiCommandType>) : undefined;
}

/** The fields of one command. Lives inside a parent <Form> holding its values. */
export function CommandFields({ type, form, scheme, context = {} }: { type: string; form: FormInstance; scheme?: ClassificationScheme; context?: CommandContext }) {
  const { matter, suggestions, showOn = true } = context;
  const Fields = commandForm(type)?.Fields;
  return (
    <>
      {Fields && <Fields type={type as ApiCommandType} form={form} scheme={scheme} matter={matter} suggestions={suggestions} />}
      {showOn && (
        <Form.Item name="on" label={ON_LABELS[type] ?? '办理日期'} extra="默认为今天；补录时选择实际日期">
          <DatePicker data-testid="command-on" disabledDate={noFuture} style={{ width: 200 }} placeholder="今天" />
        </Form.Item>
      )}
    </>
  );
}

/** Drops undefined fields, so the body carries only what was filled in. */
function compact(body: Record<string, unknown>): CommandBody {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as CommandBody;
}

/** The command body of a form's values. */
export function buildCommand(type: string, v: FormValues, scheme: ClassificationScheme | undefined, matter?: MatterDetail): CommandBody {
  return compact({ type, on: day(v.on), ...commandForm(type)?.build(v, { scheme, matter }) });
}

/** Starting values of a command's form. */
export function initialValues(type: string, matter?: MatterDetail): FormValues {
  return commandForm(type)?.initial?.(matter) ?? {};
}
