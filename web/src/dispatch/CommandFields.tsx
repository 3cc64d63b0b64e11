// The fields of each lifecycle command (docs/lifecycle.md) and the command body they make. What a command may do is
// the server's to judge: the forms only collect its fields, and show the server's refusal (messageZh, article).
import { useQuery } from '@tanstack/react-query';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { api, queryKeys } from '../api';
import { RegionPicker } from '../register/RegionPicker';
import type { ClassificationScheme, CommandBody, MatterDetail, RoutingSuggestion } from '../types';
import { BodyPicker } from './BodyPicker';
import { ClassificationFields, classificationInitial, classifyCommand, type ClassificationValues } from './ClassificationFields';
import {
  DELIVERY_METHOD_LABELS,
  OUTCOME_LABELS,
  RATING_LABELS,
  RECEPTION_KIND_LABELS,
  REDIRECT_BODY_KIND,
  REDIRECT_CHANNEL_LABELS,
  SIMPLE_ELIGIBILITY_LABELS,
  toOptions,
} from './labels';

const noFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');
const notAfterToday = (d: Dayjs) => !d.isAfter(dayjs(), 'day');

export function useRejectionReasons() {
  return useQuery({ queryKey: queryKeys.rejectionReasons, queryFn: () => api.rejectionReasons(), staleTime: 10 * 60_000 });
}

/** The commands whose form has a reason the statute or practice requires (the server says so if it is missing). */
const REASON_REQUIRED = new Set(['requestReturn', 'dismissReturn', 'sendBackRegistration', 'flagDispatch', 'convert', 'returnCompletionReport', 'extend']);

const REASON_LABELS: Record<string, string> = {
  requestReturn: '申请退回理由',
  dismissReturn: '不同意退回的理由',
  sendBackRegistration: '退回登记台的理由（需更正之处）',
  flagDispatch: '分办不精准的情形',
  convert: '转为普通程序的理由',
  returnCompletionReport: '退回办结报告的理由',
  extend: '延期理由',
};

const NOTE_LABELS: Record<string, string> = {
  forward: '转送说明（可选）',
  assign: '交办要求（可选）',
  retain: '说明（可选）',
  upholdReturn: '核实意见（可选）',
  approveCompletionReport: '审核意见（可选）',
  correctRegistration: '更正说明（可选）',
  recordReception: '接待帮扶情况（可选）',
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

function OutcomeFields({ withDelivery }: { withDelivery?: boolean }) {
  return (
    <>
      <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
        <Radio.Group data-testid="command-outcome" options={toOptions(OUTCOME_LABELS)} />
      </Form.Item>
      <Form.Item name="summary" label="意见摘要" rules={withDelivery ? undefined : [{ required: true, whitespace: true, message: '请填写意见摘要' }]}>
        <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
      </Form.Item>
      {withDelivery && (
        <Form.Item name="deliveredOn" label="送达日期" rules={[{ required: true, message: '请选择送达日期' }]}>
          <DatePicker data-testid="command-delivered-on" disabledDate={noFuture} style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}

/** The fields of one command. Lives inside a parent <Form> holding its values. */
export function CommandFields({ type, form, scheme, context = {} }: { type: string; form: FormInstance; scheme?: ClassificationScheme; context?: CommandContext }) {
  const { matter, suggestions, showOn = true } = context;
  const body = (name = 'toBodyId', labelText = '接收单位') => (
    <Form.Item name={name} label={labelText} rules={[{ required: true, message: `请选择${labelText}` }]}>
      <BodyPicker testId="target-body" dispatchTarget known={known(suggestions)} />
    </Form.Item>
  );
  let fields: ReactNode;
  switch (type) {
    case 'classify':
      fields = <ClassificationFields form={form} required />;
      break;
    case 'forward':
      fields = (
        <>
          {body()}
          <NoteField type={type} />
        </>
      );
      break;
    case 'assign':
      fields = (
        <>
          {body()}
          <Form.Item name="dueOn" label="办理期限（办结日期）" rules={[{ required: true, message: '请选择办理期限' }]}>
            <DatePicker data-testid="assign-due-on" disabledDate={notAfterToday} style={{ width: 200 }} />
          </Form.Item>
          <NoteField type={type} />
        </>
      );
      break;
    case 'retain':
    case 'upholdReturn':
    case 'approveCompletionReport':
      fields = <NoteField type={type} />;
      break;
    case 'reject':
      fields = <RejectFields form={form} />;
      break;
    case 'redirect':
      fields = <RedirectFields form={form} scheme={scheme} suggestions={suggestions} />;
      break;
    case 'accept':
      fields = <AcceptFields form={form} />;
      break;
    case 'correctRegistration':
      fields = (
        <>
          <CorrectRegistrationFields matter={matter} />
          <NoteField type={type} />
        </>
      );
      break;
    case 'extend':
      fields = (
        <>
          <Form.Item name="days" label="延长天数" rules={[{ required: true, message: '请填写延长天数' }]}>
            <InputNumber data-testid="command-days" min={1} precision={0} addonAfter="日" style={{ width: 160 }} />
          </Form.Item>
          <ReasonField type={type} required />
        </>
      );
      break;
    case 'reply':
      fields = <OutcomeFields />;
      break;
    case 'issueReviewOpinion':
    case 'issueReReviewOpinion':
      fields = <OutcomeFields withDelivery />;
      break;
    case 'recordDelivery':
      fields = (
        <Form.Item name="method" label="送达方式" rules={[{ required: true, message: '请选择送达方式' }]}>
          <Radio.Group data-testid="command-method" options={toOptions(DELIVERY_METHOD_LABELS)} />
        </Form.Item>
      );
      break;
    case 'fileCompletionReport':
      fields = (
        <Form.Item name="summary" label="办结报告摘要（可选）">
          <Input.TextArea data-testid="command-summary" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
        </Form.Item>
      );
      break;
    case 'evaluate':
      fields = (
        <>
          <Form.Item name="rating" label="评价结果" rules={[{ required: true, message: '请选择评价结果' }]}>
            <Radio.Group data-testid="command-rating" options={toOptions(RATING_LABELS)} />
          </Form.Item>
          <Form.Item name="comment" label="信访人意见（可选）">
            <Input.TextArea data-testid="command-comment" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
        </>
      );
      break;
    case 'requestReview':
      fields = body('reviewBodyId', '复查机关');
      break;
    case 'requestReReview':
      fields = body('reReviewBodyId', '复核机关');
      break;
    case 'recordReception':
      fields = (
        <>
          <Form.Item name="kind" label="接待帮扶方式" rules={[{ required: true, message: '请选择方式' }]}>
            <Radio.Group data-testid="command-kind" options={toOptions(RECEPTION_KIND_LABELS)} />
          </Form.Item>
          <NoteField type={type} />
        </>
      );
      break;
    default:
      fields = REASON_REQUIRED.has(type) ? <ReasonField type={type} required /> : null;
  }
  return (
    <>
      {fields}
      {showOn && (
        <Form.Item name="on" label={type === 'recordDelivery' ? '送达日期' : '办理日期'} extra="默认为今天；补录时选择实际日期">
          <DatePicker data-testid="command-on" disabledDate={noFuture} style={{ width: 200 }} placeholder="今天" />
        </Form.Item>
      )}
    </>
  );
}

const day = (v: unknown): string | undefined => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Drops undefined fields, so the body carries only what was filled in. */
function compact(body: Record<string, unknown>): CommandBody {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as CommandBody;
}

/** The command body of a form's values. */
export function buildCommand(type: string, v: Record<string, unknown>, scheme: ClassificationScheme | undefined, matter?: MatterDetail): CommandBody {
  const on = day(v.on);
  const base = { type, on };
  switch (type) {
    case 'classify':
      return compact({ ...(classifyCommand(scheme, v as ClassificationValues) ?? { type }), on });
    case 'forward':
      return compact({ ...base, toBodyId: v.toBodyId, note: text(v.note) });
    case 'assign':
      return compact({ ...base, toBodyId: v.toBodyId, dueOn: day(v.dueOn), note: text(v.note) });
    case 'retain':
    case 'upholdReturn':
    case 'approveCompletionReport':
      return compact({ ...base, note: text(v.note) });
    case 'reject':
      return compact({ ...base, reasonCode: v.reasonCode, reason: text(v.reason) });
    case 'redirect':
      return compact({ ...base, channel: v.channel, toBodyId: v.toBodyId, reason: text(v.reason) });
    case 'accept':
      return v.procedure === 'simple'
        ? compact({
            ...base,
            procedure: 'simple',
            eligibilityBasis: v.eligibilityBasis,
            likelyNotSupported: v.likelyNotSupported,
            statutoryProcedureAvailable: v.statutoryProcedureAvailable,
            multipleBodies: v.multipleBodies,
          })
        : compact({ ...base, procedure: 'ordinary' });
    case 'correctRegistration': {
      const changes: Record<string, unknown> = {};
      const m = matter;
      const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
      if (str(v.title) !== (m?.title ?? '')) changes.title = str(v.title);
      if (str(v.content) !== (m?.content ?? '')) changes.content = str(v.content);
      if (str(v.respondent) !== (m?.respondent ?? '')) changes.respondent = str(v.respondent) || null;
      if (str(v.place) !== (m?.place ?? '')) changes.place = str(v.place) || null;
      if (v.regionCode && v.regionCode !== m?.regionCode) changes.regionCode = v.regionCode;
      return compact({ ...base, changes, note: text(v.note) });
    }
    case 'extend':
      return compact({ ...base, days: v.days, reason: text(v.reason) });
    case 'reply':
      return compact({ ...base, outcome: v.outcome, summary: text(v.summary) });
    case 'issueReviewOpinion':
    case 'issueReReviewOpinion':
      return compact({ ...base, outcome: v.outcome, summary: text(v.summary), deliveredOn: day(v.deliveredOn) });
    case 'recordDelivery':
      return compact({ ...base, method: v.method });
    case 'fileCompletionReport':
      return compact({ ...base, summary: text(v.summary) });
    case 'evaluate':
      return compact({ ...base, rating: v.rating, comment: text(v.comment) });
    case 'requestReview':
      return compact({ ...base, reviewBodyId: v.reviewBodyId });
    case 'requestReReview':
      return compact({ ...base, reReviewBodyId: v.reReviewBodyId });
    case 'recordReception':
      return compact({ ...base, kind: v.kind, note: text(v.note) });
    default:
      return compact({ ...base, reason: text(v.reason) });
  }
}


/** Starting values of a command's form. */
export function initialValues(type: string, matter?: MatterDetail): Record<string, unknown> {
  switch (type) {
    case 'accept':
      return { procedure: 'ordinary' };
    case 'classify':
      return { ...classificationInitial(matter?.classification) };
    case 'correctRegistration':
      return matter ? { title: matter.title, content: matter.content, respondent: matter.respondent ?? '', place: matter.place ?? '', regionCode: matter.regionCode } : {};
    default:
      return {};
  }
}
