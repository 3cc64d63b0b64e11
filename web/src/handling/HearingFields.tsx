// The forms of a re-review hearing (听证, Art. 31 (六), 36 ¶2) and of the opinion's publication (公示). The server
// judges them (hearingPlanValid, hearingRecordValid, publishable); the forms collect the fields and say what the
// rules ask, so a clerk learns them before pressing the button.
import { Button, Checkbox, DatePicker, Form, Input, Radio, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { HEARING_OFFICER_SOURCE_LABELS, HEARING_PARTICIPANT_ROLE_LABELS, toOptions } from '../dispatch/labels';
import { isBeforeChinaToday } from '../chinaTime';


/** The hearing's day and time, as the notice and a rescheduling announce them. */
function HearingDayFields({ dayLabel, timeLabel, timePlaceholder }: { dayLabel: string; timeLabel: string; timePlaceholder: string }) {
  return (
    <Space wrap align="start">
      <Form.Item name="heldOn" label={dayLabel} rules={[{ required: true, message: '请选择听证日期' }]}>
        <DatePicker data-testid="hearing-held-on" disabledDate={isBeforeChinaToday} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="time" label={timeLabel} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '格式如 09:30' }]}>
        <Input data-testid="hearing-time" placeholder={timePlaceholder} style={{ width: 100 }} maxLength={5} />
      </Form.Item>
    </Space>
  );
}

export function StartHearingFields() {
  return (
    <>
      <HearingDayFields dayLabel="听证日期" timeLabel="时间" timePlaceholder="09:30" />
      <Form.Item name="place" label="听证地点" rules={[{ required: true, whitespace: true, message: '请填写听证地点' }]}>
        <Input data-testid="hearing-place" maxLength={200} />
      </Form.Item>
      <Form.Item name="presidingOfficer" label="听证主持人" extra="由本机关负责人指定，非本案调查人员" rules={[{ required: true, whitespace: true, message: '请填写听证主持人' }]}>
        <Input data-testid="hearing-presiding" maxLength={100} />
      </Form.Item>
      <Typography.Text strong>听证员</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        由信访人与听证机关共同选定（人大代表、政协委员、律师、专家学者、群众代表等）。
      </Typography.Paragraph>
      <Form.List name="officers" rules={[{ validator: async (_r, v: unknown[]) => (v?.length ? undefined : Promise.reject(new Error('请至少选定一名听证员'))) }]}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap data-testid="hearing-officer">
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '姓名' }]}>
                  <Input placeholder="姓名" data-testid="hearing-officer-name" style={{ width: 120 }} maxLength={50} />
                </Form.Item>
                <Form.Item name={[f.name, 'affiliation']}>
                  <Input placeholder="身份，如：律师" data-testid="hearing-officer-affiliation" style={{ width: 160 }} maxLength={100} />
                </Form.Item>
                <Form.Item name={[f.name, 'proposedBy']} rules={[{ required: true, message: '推荐方' }]}>
                  <Select placeholder="推荐方" data-testid="hearing-officer-source" options={toOptions(HEARING_OFFICER_SOURCE_LABELS)} style={{ width: 140 }} />
                </Form.Item>
                <Button type="text" onClick={() => remove(f.name)}>
                  删除
                </Button>
              </Space>
            ))}
            <Form.Item>
              <Button type="dashed" data-testid="hearing-add-officer" onClick={() => add({ proposedBy: 'body' })}>
                添加听证员
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          </>
        )}
      </Form.List>
      <Form.Item
        name="petitionerAgreed"
        valuePropName="checked"
        rules={[{ validator: async (_r, v) => (v === true ? undefined : Promise.reject(new Error('听证员须由信访人与听证机关共同选定，请先取得信访人同意'))) }]}
      >
        <Checkbox data-testid="hearing-agreed">信访人已同意上述听证员人选（共同选定）</Checkbox>
      </Form.Item>
      <Typography.Text strong>其他参加人（可选）</Typography.Text>
      <Form.List name="participants">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '姓名' }]}>
                  <Input placeholder="姓名" style={{ width: 120 }} maxLength={50} />
                </Form.Item>
                <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: '身份' }]}>
                  <Select placeholder="身份" options={toOptions(HEARING_PARTICIPANT_ROLE_LABELS)} style={{ width: 180 }} />
                </Form.Item>
                <Button type="text" onClick={() => remove(f.name)}>
                  删除
                </Button>
              </Space>
            ))}
            <Form.Item>
              <Button type="dashed" onClick={() => add({ role: 'petitioner' })}>
                添加参加人
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Form.Item name="closedReason" label="不公开举行的理由（可选）" extra="听证一般公开举行；涉及国家秘密、商业秘密或个人隐私的除外">
        <Input maxLength={200} />
      </Form.Item>
      <Typography.Paragraph type="secondary">发出后生成《信访事项听证通知书》（.docx）；自通知之日至听证结束，复核期限暂停计算（条例第三十六条第二款）。</Typography.Paragraph>
    </>
  );
}

export function RescheduleHearingFields() {
  return (
    <>
      <HearingDayFields dayLabel="改期后的听证日期" timeLabel="时间（可选）" timePlaceholder="不变" />
      <Form.Item name="place" label="听证地点（可选，不填则不变）">
        <Input data-testid="hearing-place" maxLength={200} />
      </Form.Item>
      <Form.Item name="reason" label="改期理由" rules={[{ required: true, whitespace: true, message: '请填写改期理由' }]}>
        <Input.TextArea data-testid="command-reason" autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
      <Typography.Paragraph type="secondary">听证员不变；保存后重新生成《听证通知书》，复核期限继续暂停计算。</Typography.Paragraph>
    </>
  );
}

export function EndHearingFields({ form }: { form: FormInstance }) {
  const withdrawn = Form.useWatch('withdrawn', form) === true;
  return (
    <>
      <Form.Item name="withdrawn" label="听证情况" initialValue={false}>
        <Radio.Group
          data-testid="hearing-withdrawn"
          options={[
            { value: false, label: '听证已举行' },
            { value: true, label: '信访人撤回，听证未举行' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="record"
        label={withdrawn ? '撤回情况' : '听证笔录（陈述、质询、辩论要点）'}
        rules={[{ required: true, whitespace: true, message: withdrawn ? '请写明撤回情况' : '请填写听证笔录' }]}
      >
        <Input.TextArea data-testid="hearing-record" autoSize={{ minRows: 3, maxRows: 10 }} maxLength={8000} showCount />
      </Form.Item>
      {!withdrawn && (
        <>
          <Form.Item name="petitionerAttended" label="信访人是否到场" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group
              data-testid="hearing-attended"
              options={[
                { value: true, label: '到场' },
                { value: false, label: '未到场' },
              ]}
            />
          </Form.Item>
          <Form.Item name="conclusion" label="听证结论（听证员评议意见）" rules={[{ required: true, whitespace: true, message: '请填写听证结论' }]}>
            <Input.TextArea data-testid="hearing-conclusion" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
          </Form.Item>
        </>
      )}
      <Typography.Paragraph type="secondary">保存后生成《信访事项听证笔录》（.docx），复核期限恢复计算。</Typography.Paragraph>
    </>
  );
}

export function PublishFields() {
  return (
    <Form.Item
      name="text"
      label="公示内容"
      extra="《信访工作条例》第三十六条第二款：经过听证的复核意见可以依法向社会公示。请勿写入信访人姓名、身份证号、电话、住址等个人信息。"
      rules={[{ required: true, whitespace: true, message: '请填写公示内容' }]}
    >
      <Input.TextArea data-testid="publication-text" autoSize={{ minRows: 4, maxRows: 10 }} maxLength={4000} showCount />
    </Form.Item>
  );
}
