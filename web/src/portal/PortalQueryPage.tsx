import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useLocation } from 'react-router-dom';
import { errorText } from '../api';
import { portalApi, type CitizenDocument, type CitizenView } from './api';
import { MatterActions } from './MatterActions';
import { usePortalTitle } from './PortalLayout';
import { formatChina } from '../chinaTime';

/**
 * 查询进度: the query code and the last 4 characters of the ID number or phone → the petition's progress, as the
 * server words it for the petitioner (a timeline per matter), and what they may do now (evaluate, request a review or
 * re-review). The code is never put in the URL; an act answers with the updated progress, which replaces the view.
 */

interface QueryForm {
  code: string;
  last4: string;
}

const FINAL = new Set(['concluded', 'terminated', 'rejected', 'redirected']);

function statusColor(status: string): string {
  if (status === 'rejected') return 'red';
  if (FINAL.has(status)) return 'default';
  if (status === 'registered' || status === 'dispatched' || status === 'returnRequested') return 'blue';
  return 'green';
}

function DocumentLinks({ documents, credentials }: { documents: CitizenDocument[]; credentials: QueryForm }) {
  const download = useMutation({ mutationFn: (id: string) => portalApi.downloadDocument(id, credentials.code, credentials.last4) });
  if (documents.length === 0) return null;
  return (
    <div data-testid="portal-documents" style={{ marginTop: 8 }}>
      <Typography.Text strong>告知文书</Typography.Text>
      <ul style={{ paddingInlineStart: 20, margin: '4px 0 0' }}>
        {documents.map((d) => (
          <li key={d.id}>
            <Button type="link" size="small" style={{ padding: 0 }} loading={download.isPending && download.variables === d.id} onClick={() => download.mutate(d.id)} data-testid="portal-document-link">
              {d.kindLabel}（{d.number}）
            </Button>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {d.issuedOn}
            </Typography.Text>
          </li>
        ))}
      </ul>
      {download.isError ? <Alert type="error" showIcon title={errorText(download.error)} style={{ marginTop: 8 }} /> : null}
    </div>
  );
}

function ProgressView({ view, credentials, onView }: { view: CitizenView; credentials: QueryForm; onView: (v: CitizenView) => void }) {
  const p = view.petition;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="portal-progress">
      <Card size="small" title="信访件">
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'number', label: '信访件编号', children: <span data-testid="portal-progress-number">{p.number}</span> },
            { key: 'title', label: '标题', children: p.title },
            { key: 'received', label: '提交时间', children: formatChina(p.receivedAt, 'YYYY年M月D日 HH:mm') },
            { key: 'channel', label: '渠道', children: p.channelLabel },
            { key: 'body', label: '登记机关', children: p.registeringBody },
          ]}
        />
      </Card>
      {view.matters.length === 0 ? <Empty description="暂无办理信息" /> : null}
      {view.matters.map((m) => (
        <Card
          key={m.number}
          size="small"
          title={<span style={{ whiteSpace: 'normal' }}>{m.title}</span>}
          extra={
            <Tag color={statusColor(m.status)} data-testid="portal-matter-status">
              {m.statusLabel}
            </Tag>
          }
          data-testid="portal-matter"
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
            事项编号 {m.number}
          </Typography.Paragraph>
          <Timeline
            items={m.timeline.map((e, i) => ({
              key: `${e.type}-${i}`,
              color: e.type === 'rejected' ? 'red' : i === m.timeline.length - 1 ? 'blue' : 'gray',
              content: (
                <div data-testid="portal-timeline-entry" data-event-type={e.type}>
                  <Typography.Text strong>{e.label}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                    {e.on}
                  </Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div>
                </div>
              ),
            }))}
          />
          <DocumentLinks documents={m.documents ?? []} credentials={credentials} />
          <MatterActions matter={m} credentials={credentials} onView={onView} />
        </Card>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="portal-appeal-hint">
        对处理意见不服的，可自收到书面答复之日起30日内向原办理机关的上一级机关请求复查；对复查意见不服的，可自收到之日起30日内向复查机关的上一级机关请求复核（《信访工作条例》第三十五条、第三十六条）。
        {/* The 您现在可以 section exists only once the server offers an act (after delivery): point to it only then. */}
        {view.matters.some((m) => m.actions?.length)
          ? '在期限内的，可在上方「您现在可以」中直接提交。'
          : '处理意见送达后，本页将列出您可办理的事项（满意度评价、请求复查或复核）及截止日期，在期限内可直接在本页提交。'}
      </Typography.Text>
    </Space>
  );
}

export function PortalQueryPage() {
  usePortalTitle('查询进度');
  const location = useLocation();
  const initialCode = (location.state as { code?: string } | null)?.code ?? '';
  const [form] = Form.useForm<QueryForm>();
  const [view, setView] = useState<CitizenView | null>(null);
  const query = useMutation({ mutationFn: (v: QueryForm) => portalApi.query(v.code, v.last4), onSuccess: setView });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="portal-query">
      <Card size="small" title="查询办理进度">
        <Form<QueryForm>
          form={form}
          layout="vertical"
          size="large"
          initialValues={{ code: initialCode, last4: '' }}
          onFinish={(v) => query.mutate({ code: v.code.trim(), last4: v.last4.trim() })}
          onValuesChange={() => query.isError && query.reset()}
        >
          <Form.Item label="查询码" name="code" rules={[{ required: true, whitespace: true, message: '请输入查询码' }]} extra="提交信访事项成功时显示的16位查询码">
            <Input maxLength={24} autoComplete="off" autoCapitalize="characters" spellCheck={false} style={{ fontFamily: 'monospace', letterSpacing: 1 }} data-testid="portal-code" />
          </Form.Item>
          <Form.Item
            label="身份证号码或手机号码后四位"
            name="last4"
            rules={[
              { required: true, message: '请输入后四位' },
              { pattern: /^\s*[0-9Xx]{4}\s*$/, message: '请输入4位数字（身份证号码末位可为X）' },
            ]}
          >
            <Input maxLength={4} autoComplete="off" inputMode="text" data-testid="portal-last4" />
          </Form.Item>
          {query.isError ? <Alert type="error" showIcon title={errorText(query.error)} style={{ marginBottom: 16 }} data-testid="portal-query-error" /> : null}
          <Button type="primary" htmlType="submit" block loading={query.isPending} data-testid="portal-query-submit">
            查询
          </Button>
        </Form>
      </Card>
      {view && query.variables && query.isSuccess ? <ProgressView view={view} credentials={query.variables} onView={setView} /> : null}
    </Space>
  );
}
