import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Cascader, Checkbox, Descriptions, Form, Input, Result, Space, Steps, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorText, isApiError } from '../api';
import { fieldProblems, portalApi, type PortalReceipt, type PortalSubmission, type PortalUpload, type RegionTree } from './api';
import { idNumberProblem, mobileOf } from './idNumber';
import { usePortalTitle } from './PortalLayout';
import { formatChina } from '../chinaTime';

/**
 * 我要信访: the real-name form (Art. 19: 姓名、住址、请求、事实、理由), a confirmation step, then the receipt with the
 * petition number and the query code, shown once. Works on a 375 px phone: one column, large inputs.
 */

interface FormValues {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  region: string[];
  title: string;
  request: string;
  facts: string;
  reasons: string;
  files: UploadFile<PortalUpload>[];
  truthful: boolean;
  website?: string;
}

const LIMITS = { title: 100, request: 2000, facts: 5000, reasons: 3000, address: 200, name: 50, files: 10, fileBytes: 20 * 1024 * 1024, totalBytes: 20 * 1024 * 1024 };
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.gif,.webp,.tif,.tiff,.mp3,.wav,.amr,.m4a,.mp4,.doc,.docx,.xls,.xlsx,.txt';

/** The server's field names → the form's. */
const FORM_FIELD: Record<string, keyof FormValues> = {
  name: 'name',
  idNumber: 'idNumber',
  phone: 'phone',
  address: 'address',
  regionCode: 'region',
  title: 'title',
  request: 'request',
  facts: 'facts',
  reasons: 'reasons',
  attachments: 'files',
  truthful: 'truthful',
};

function isMobileDevice(): boolean {
  return /Mobi|Android|iPhone|iPad/i.test(navigator.userAgent) || window.matchMedia('(max-width: 767px)').matches;
}

function regionOptions(tree: RegionTree | undefined) {
  return (tree?.cities ?? []).map((c) => ({
    value: c.code,
    label: c.name,
    children: [{ value: c.code, label: `${c.name}本级（市直部门）` }, ...c.counties.map((k) => ({ value: k.code, label: k.name }))],
  }));
}

function regionName(tree: RegionTree | undefined, path: string[] | undefined): string {
  if (!tree || !path?.length) return '';
  const city = tree.cities.find((c) => c.code === path[0]);
  if (!city) return '';
  if (path[1] === city.code) return `${city.name}本级`;
  return `${city.name} ${city.counties.find((k) => k.code === path[1])?.name ?? ''}`;
}

function ReceiptView({ receipt }: { receipt: PortalReceipt }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const grouped = receipt.queryCode.replace(/(.{4})(?!$)/g, '$1-');
  const copy = async () => {
    const text = `信访件编号：${receipt.number}\n查询码：${grouped}`;
    try {
      await navigator.clipboard.writeText(text);
      message.success('已复制信访件编号和查询码');
    } catch {
      // Clipboard API unavailable (plain http, old browsers): select the code for the user to copy.
      const el = document.querySelector('[data-testid="portal-query-code"]');
      if (el) window.getSelection()?.selectAllChildren(el);
      message.info('请长按查询码手动复制');
    }
  };
  return (
    <div data-testid="portal-receipt">
      <Result
        status="success"
        title="提交成功"
        subTitle={`${receipt.registeringBody}已于 ${formatChina(receipt.receivedAt, 'YYYY年M月D日 HH:mm')} 收到并登记您的信访事项。`}
        style={{ padding: '16px 0 12px' }}
      />
      <Card size="small">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div>
            <Typography.Text type="secondary">信访件编号</Typography.Text>
            <div className="xf-portal-code" style={{ fontSize: 18 }} data-testid="portal-receipt-number">
              {receipt.number}
            </div>
          </div>
          <div>
            <Typography.Text type="secondary">查询码</Typography.Text>
            <div className="xf-portal-code" style={{ color: '#c41d7f' }} data-testid="portal-query-code">
              {grouped}
            </div>
          </div>
          <Button type="primary" block size="large" onClick={copy} data-testid="portal-copy">
            复制编号和查询码
          </Button>
          <Alert
            type="warning"
            showIcon
            title="请立即保存查询码"
            description="查询码只显示这一次，系统不保存明文，遗失后无法找回。请抄写或截图保存，不要告诉他人。凭查询码和身份证号码（或手机号码）后四位可随时查询办理进度。"
          />
          {receipt.attachmentCount > 0 ? <Typography.Text type="secondary">已随信访件提交附件 {receipt.attachmentCount} 个。</Typography.Text> : null}
        </Space>
      </Card>
      <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
        <Button block size="large" onClick={() => navigate('/portal/query', { state: { code: receipt.queryCode } })} data-testid="portal-receipt-query">
          查询办理进度
        </Button>
        <Button block type="link" onClick={() => navigate('/portal')}>
          返回首页
        </Button>
      </Space>
    </div>
  );
}

/** 128 random bits as hex; `crypto.getRandomValues`, unlike `randomUUID`, also exists on a plain-http intranet page. */
function newSubmissionKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function PortalSubmitPage() {
  usePortalTitle('我要信访');
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const [step, setStep] = useState<'fill' | 'confirm' | 'done'>('fill');
  const [draft, setDraft] = useState<FormValues | null>(null);
  const [receipt, setReceipt] = useState<PortalReceipt | null>(null);
  const uploads = useRef(new Map<string, () => void>());
  // One key per filled-in form: the server registers it once, whatever reaches it twice (a retry, a second tab).
  const submissionKey = useRef(newSubmissionKey());
  // Set synchronously on the first tap: a double tap lands before React re-renders the button as loading.
  const sending = useRef(false);
  const regions = useQuery({ queryKey: ['portal', 'regions'], queryFn: portalApi.regions, staleTime: 10 * 60_000 });
  const options = useMemo(() => regionOptions(regions.data), [regions.data]);
  const files = Form.useWatch('files', form) ?? [];
  const uploading = files.some((f) => f.status === 'uploading');

  const submit = useMutation({
    mutationFn: (values: FormValues) => {
      const body: PortalSubmission = {
        channel: isMobileDevice() ? 'mobile' : 'online',
        name: values.name.trim(),
        idNumber: values.idNumber.replace(/\s+/g, '').toUpperCase(),
        phone: mobileOf(values.phone) ?? values.phone,
        address: values.address.trim(),
        regionCode: values.region[values.region.length - 1]!,
        title: values.title.trim(),
        request: values.request.trim(),
        facts: values.facts.trim(),
        reasons: values.reasons.trim(),
        attachments: (values.files ?? []).filter((f) => f.status === 'done' && f.response).map((f) => ({ id: f.response!.id, token: f.response!.uploadToken })),
        truthful: values.truthful === true,
        website: values.website ?? '',
        submissionKey: submissionKey.current,
      };
      return portalApi.submit(body);
    },
    onSuccess: (r) => {
      setReceipt(r);
      setStep('done');
      window.scrollTo(0, 0);
    },
    onError: (err) => {
      const problems = fieldProblems(err).filter((p) => FORM_FIELD[p.field]);
      if (problems.length) {
        // Back to the form with each problem under its field.
        setStep('fill');
        form.setFields(problems.map((p) => ({ name: FORM_FIELD[p.field]!, errors: [p.messageZh] })));
        setTimeout(() => form.scrollToField(FORM_FIELD[problems[0]!.field]!), 0);
      }
    },
  });

  const customRequest: UploadProps<PortalUpload>['customRequest'] = ({ file, onProgress, onSuccess, onError }) => {
    const f = file as File & { uid: string };
    const { promise, abort } = portalApi.upload(f, (percent) => onProgress?.({ percent }));
    uploads.current.set(f.uid, abort);
    promise
      .then((item) => onSuccess?.(item))
      .catch((err: unknown) => {
        if (isApiError(err) && err.code !== 'ABORTED') {
          // The server's refusals of a file usually name it already (文件「材料.pdf」：…).
          const text = errorText(err);
          message.error(text.includes(f.name) ? text : `「${f.name}」${text}`);
        }
        onError?.(err as Error);
      })
      .finally(() => uploads.current.delete(f.uid));
  };

  if (step === 'done' && receipt) return <ReceiptView receipt={receipt} />;

  const serverError = submit.error && fieldProblems(submit.error).filter((p) => FORM_FIELD[p.field]).length === 0 ? errorText(submit.error) : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="portal-submit">
      <Steps
        size="small"
        current={step === 'fill' ? 0 : 1}
        responsive={false}
        items={[{ title: '填写' }, { title: '确认' }, { title: '完成' }]}
      />
      {serverError ? <Alert type="error" showIcon title={serverError} data-testid="portal-submit-error" /> : null}

      <div style={{ display: step === 'fill' ? 'block' : 'none' }}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          size="large"
          requiredMark
          scrollToFirstError
          initialValues={{ files: [], truthful: false }}
          onFinish={(values) => {
            setDraft(values);
            setStep('confirm');
            window.scrollTo(0, 0);
          }}
        >
          <Card size="small" title="信访人信息（实名）" style={{ marginBottom: 12 }}>
            <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={LIMITS.name} autoComplete="name" data-testid="portal-name" />
            </Form.Item>
            <Form.Item
              label="身份证号码"
              name="idNumber"
              rules={[
                { required: true, whitespace: true, message: '请填写身份证号码' },
                { validator: (_r, v: string | undefined) => (v && idNumberProblem(v) ? Promise.reject(new Error(idNumberProblem(v)!)) : Promise.resolve()) },
              ]}
            >
              <Input maxLength={20} autoComplete="off" data-testid="portal-id-number" />
            </Form.Item>
            <Form.Item
              label="手机号码"
              name="phone"
              rules={[
                { required: true, whitespace: true, message: '请填写手机号码' },
                { validator: (_r, v: string | undefined) => (v && !mobileOf(v) ? Promise.reject(new Error('请填写11位手机号码')) : Promise.resolve()) },
              ]}
            >
              <Input type="tel" inputMode="numeric" maxLength={20} autoComplete="tel" data-testid="portal-phone" />
            </Form.Item>
            <Form.Item label="住址" name="address" rules={[{ required: true, whitespace: true, message: '请填写住址' }]}>
              <Input maxLength={LIMITS.address} autoComplete="street-address" data-testid="portal-address" />
            </Form.Item>
          </Card>

          <Card size="small" title="信访事项" style={{ marginBottom: 12 }}>
            <Form.Item label="问题发生地" name="region" rules={[{ required: true, message: '请选择问题发生地（市、县区）' }]} extra="由问题发生地的信访部门登记办理">
              <Cascader
                options={options}
                placeholder={regions.isLoading ? '正在加载…' : '请选择市、县区'}
                notFoundContent={regions.isError ? '地区加载失败，请刷新重试' : undefined}
                data-testid="portal-region"
              />
            </Form.Item>
            <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
              <Input maxLength={LIMITS.title} showCount placeholder="一句话概括反映的问题" data-testid="portal-title" />
            </Form.Item>
            <Form.Item label="诉求" name="request" rules={[{ required: true, whitespace: true, message: '请填写诉求' }]} extra="您请求解决什么问题">
              <Input.TextArea maxLength={LIMITS.request} showCount autoSize={{ minRows: 3, maxRows: 8 }} data-testid="portal-request" />
            </Form.Item>
            <Form.Item label="事实" name="facts" rules={[{ required: true, whitespace: true, message: '请填写事实' }]} extra="时间、地点、涉及的单位或人员、经过">
              <Input.TextArea maxLength={LIMITS.facts} showCount autoSize={{ minRows: 4, maxRows: 12 }} data-testid="portal-facts" />
            </Form.Item>
            <Form.Item label="理由" name="reasons" rules={[{ required: true, whitespace: true, message: '请填写理由' }]} extra="您提出诉求的理由和依据">
              <Input.TextArea maxLength={LIMITS.reasons} showCount autoSize={{ minRows: 3, maxRows: 8 }} data-testid="portal-reasons" />
            </Form.Item>
          </Card>

          <Card size="small" title="证明材料（可选）" style={{ marginBottom: 12 }}>
            <Form.Item
              name="files"
              valuePropName="fileList"
              getValueFromEvent={(e: { fileList: UploadFile<PortalUpload>[] }) => e.fileList}
              extra={`图片、PDF、Word/Excel、录音或视频，最多 ${LIMITS.files} 个，合计不超过 20MB`}
              rules={[{ validator: (_r, v: UploadFile[] | undefined) => (v?.some((f) => f.status === 'error') ? Promise.reject(new Error('有附件上传失败，请删除后重新上传')) : Promise.resolve()) }]}
              style={{ marginBottom: 0 }}
            >
              <Upload<PortalUpload>
                accept={ACCEPT}
                multiple
                maxCount={LIMITS.files}
                customRequest={customRequest}
                beforeUpload={(file) => {
                  if (file.size > LIMITS.fileBytes) {
                    message.error(`「${file.name}」超过 20MB，请压缩后上传`);
                    return Upload.LIST_IGNORE;
                  }
                  // The server refuses a submission whose attachments total more (PortalLimits); say so before uploading.
                  const kept = ((form.getFieldValue('files') as UploadFile[] | undefined) ?? []).filter((f) => f.status !== 'error' && f.uid !== file.uid);
                  if (kept.reduce((n, f) => n + (f.size ?? 0), 0) + file.size > LIMITS.totalBytes) {
                    message.error(`附件合计不能超过 20MB，「${file.name}」未上传`);
                    return Upload.LIST_IGNORE;
                  }
                  return true;
                }}
                onRemove={(file) => {
                  uploads.current.get(file.uid)?.();
                  return true;
                }}
              >
                <Button data-testid="portal-upload">上传材料</Button>
              </Upload>
            </Form.Item>
          </Card>

          {/* Honeypot: hidden from people (and from screen readers); bots fill every field. */}
          <div className="xf-portal-honeypot" aria-hidden="true">
            <Form.Item label="网址" name="website">
              <Input tabIndex={-1} autoComplete="off" />
            </Form.Item>
          </div>

          <Form.Item
            name="truthful"
            valuePropName="checked"
            rules={[{ validator: (_r, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error('请阅读并勾选本承诺'))) }]}
          >
            <Checkbox data-testid="portal-truthful">
              本人承诺所反映情况客观真实，对所提供材料内容的真实性负责，不捏造、歪曲事实，不诬告、陷害他人（《信访工作条例》第十九条第二款）。
            </Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block disabled={uploading} data-testid="portal-next">
            {uploading ? '附件上传中…' : '下一步：核对信息'}
          </Button>
        </Form>
      </div>

      {step === 'confirm' && draft ? (
        <Card size="small" title="请核对以下信息" data-testid="portal-confirm">
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'name', label: '姓名', children: draft.name },
              { key: 'id', label: '身份证号码', children: draft.idNumber.toUpperCase() },
              { key: 'phone', label: '手机号码', children: mobileOf(draft.phone) ?? draft.phone },
              { key: 'address', label: '住址', children: draft.address },
              { key: 'region', label: '问题发生地', children: regionName(regions.data, draft.region) },
              { key: 'title', label: '标题', children: draft.title },
              { key: 'request', label: '诉求', children: <span style={{ whiteSpace: 'pre-wrap' }}>{draft.request}</span> },
              { key: 'facts', label: '事实', children: <span style={{ whiteSpace: 'pre-wrap' }}>{draft.facts}</span> },
              { key: 'reasons', label: '理由', children: <span style={{ whiteSpace: 'pre-wrap' }}>{draft.reasons}</span> },
              {
                key: 'files',
                label: '附件',
                children: (draft.files ?? []).filter((f) => f.status === 'done').map((f) => f.name).join('、') || '无',
              },
            ]}
          />
          <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
            <Button
              type="primary"
              size="large"
              block
              loading={submit.isPending}
              onClick={() => {
                if (sending.current) return;
                sending.current = true;
                submit.mutate(draft, { onSettled: () => void (sending.current = false) });
              }}
              data-testid="portal-confirm-submit"
            >
              确认提交
            </Button>
            <Button size="large" block disabled={submit.isPending} onClick={() => setStep('fill')} data-testid="portal-back">
              返回修改
            </Button>
          </Space>
        </Card>
      ) : null}
    </Space>
  );
}
