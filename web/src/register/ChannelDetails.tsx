import { Checkbox, Col, DatePicker, Input, InputNumber, Radio, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import type { Channel } from '../types';
import { Field } from './Field';
import { ORAL_CHANNELS } from './model';
import { isAfterChinaToday } from '../chinaTime';

type Details = Record<string, unknown>;


/**
 * 登记要素 of the chosen channel only (src/domain/intake): what the clerk records beyond the common fields. Required
 * marks follow the server's rules; the server checks them.
 */
export function ChannelDetails({
  channel,
  details,
  receivedAt,
  oral,
  onChange,
  onOralChange,
}: {
  channel: Channel;
  details: Details;
  receivedAt: Dayjs;
  oral: boolean;
  onChange: (details: Details) => void;
  onOralChange: (oral: boolean) => void;
}) {
  const set = (key: string, value: unknown) => onChange({ ...details, [key]: value });
  const text = (key: string, label: string, opts: { required?: boolean; placeholder?: string; max?: number; span?: number } = {}) => (
    <Col span={opts.span ?? 12} key={key}>
      <Field field={`details.${key}`} label={label} required={opts.required}>
        <Input
          data-testid={`detail-${key}`}
          value={(details[key] as string | undefined) ?? ''}
          maxLength={opts.max ?? 200}
          placeholder={opts.placeholder}
          onChange={(e) => set(key, e.target.value)}
        />
      </Field>
    </Col>
  );
  const area = (key: string, label: string) => (
    <Col span={24} key={key}>
      <Field field={`details.${key}`} label={label}>
        <Input.TextArea
          data-testid={`detail-${key}`}
          value={(details[key] as string | undefined) ?? ''}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={5000}
          onChange={(e) => set(key, e.target.value)}
        />
      </Field>
    </Col>
  );
  const count = (key: string, label: string, opts: { required?: boolean; min?: number } = {}) => (
    <Col span={8} key={key}>
      <Field field={`details.${key}`} label={label} required={opts.required}>
        <InputNumber
          data-testid={`detail-${key}`}
          style={{ width: '100%' }}
          min={opts.min ?? 1}
          precision={0}
          value={(details[key] as number | undefined) ?? null}
          onChange={(v) => set(key, v ?? undefined)}
        />
      </Field>
    </Col>
  );
  const date = (key: string, label: string, opts: { future?: boolean } = {}) => (
    <Col span={8} key={key}>
      <Field field={`details.${key}`} label={label}>
        <DatePicker
          data-testid={`detail-${key}`}
          style={{ width: '100%' }}
          value={(details[key] as Dayjs | undefined) ?? null}
          disabledDate={opts.future ? undefined : isAfterChinaToday}
          onChange={(v) => set(key, v ?? undefined)}
        />
      </Field>
    </Col>
  );

  let fields: ReactNode[];
  switch (channel) {
    case 'letter':
      fields = [date('postmarkOn', '邮戳日期'), count('pages', '页数'), count('signatures', '联名人数')];
      break;
    case 'visit':
      fields = [count('peopleCount', '来访人数', { required: true }), text('receptionPlace', '接待地点 / 接待人', { span: 16 })];
      break;
    case 'phone':
      fields = [
        text('callerNumber', '来电号码', { required: true, span: 8 }),
        <Col span={8} key="calledAt">
          <Field field="details.calledAt" label="来电时间" required>
            <DatePicker
              data-testid="detail-calledAt"
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              needConfirm={false}
              style={{ width: '100%' }}
              value={(details.calledAt as Dayjs | undefined) ?? receivedAt}
              onChange={(v) => set('calledAt', v ?? undefined)}
            />
          </Field>
        </Col>,
        text('recordingRef', '录音编号', { span: 8 }),
      ];
      break;
    case 'online':
    case 'mobile':
      fields = [area('request', '诉求'), area('facts', '事实'), area('reasons', '理由'), text('submittedVia', '来源平台 / 账号', { span: 12 })];
      break;
    case 'fax':
      fields = [text('faxNumber', '传真号码', { span: 12 }), count('pages', '页数')];
      break;
    case 'email':
      fields = [text('fromAddress', '发件地址', { span: 12 }), text('subject', '邮件主题', { span: 12, max: 300 })];
      break;
    case 'referral':
      fields = [
        text('sourceBody', '来源单位', { required: true, placeholder: '如：国家信访局' }),
        text('referralNumber', '转办 / 交办文号', { required: true }),
        date('deadlineOn', '办理期限', { future: true }),
        <Col span={16} key="kind">
          <Field field="details.kind" label="转办方式">
            <Radio.Group data-testid="detail-kind" value={(details.kind as string | undefined) ?? undefined} onChange={(e) => set('kind', e.target.value)}>
              <Radio value="forward">转送（不需报告）</Radio>
              <Radio value="assign">交办（须报办结报告）</Radio>
            </Radio.Group>
          </Field>
        </Col>,
      ];
      break;
  }

  return (
    <div data-testid="channel-details" data-channel={channel}>
      <Row gutter={12}>{fields}</Row>
      {ORAL_CHANNELS.includes(channel) && (
        <Field field="oral">
          <Checkbox data-testid="oral" checked={oral} onChange={(e) => onOralChange(e.target.checked)}>
            口头信访（工作人员如实记录，《信访工作条例》第十九条）
          </Checkbox>
        </Field>
      )}
    </div>
  );
}
