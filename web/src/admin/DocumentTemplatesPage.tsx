import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../api';
import { formatChina } from '../chinaTime';
import { PageError } from '../components/PageError';
import { useDocumentTitle } from '../useDocumentTitle';
import { adminApi, adminKeys, type DocumentTemplate, type TemplateItem, type TemplatesView } from './api';

type History = TemplatesView['history'][number];

/** The form edits the paragraphs one per line; the API keeps them as a list. */
type Draft = Omit<DocumentTemplate, 'paragraphs'> & { paragraphs: string };
const toDraft = (t: DocumentTemplate): Draft => ({ ...t, paragraphs: t.paragraphs.join('\n') });
const fromDraft = (d: Draft): DocumentTemplate => ({ ...d, paragraphs: d.paragraphs.split('\n').map((p) => p.trim()).filter(Boolean) });

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * 文书模板 (administrator): per kind of document, the words around the statutory text — closing, the bureau's own
 * paragraphs, the contact line (附注), the 落款 with its seal placeholder, and the 文种代字 of the number. What the law
 * requires the document to say is shown and cannot be edited. Saved templates apply to documents issued afterwards.
 */
export function DocumentTemplatesPage() {
  useDocumentTitle('文书模板');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const view = useQuery({ queryKey: adminKeys.documentTemplates, queryFn: adminApi.documentTemplates });
  const [kind, setKind] = useState<string>('acceptanceNotice');
  const [draft, setDraft] = useState<Draft | null>(null);
  const item: TemplateItem | undefined = view.data?.items.find((i) => i.kind === kind);
  const current = draft ?? (item ? toDraft(item.template) : null);

  const save = useMutation({
    mutationFn: () => adminApi.putDocumentTemplate(kind, fromDraft(current!)),
    onSuccess: (next) => {
      queryClient.setQueryData(adminKeys.documentTemplates, next);
      setDraft(null);
      void message.success('文书模板已保存，此后出具的文书按新模板生成；已出具的文书不变');
    },
  });
  const preview = useMutation({
    mutationFn: () => adminApi.previewDraft(kind, fromDraft(current!)),
    onSuccess: (blob) => download(blob, `${item?.labelZh ?? kind}（样张）.docx`),
  });

  if (view.isError) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const edit = (change: Partial<Draft>) => current && setDraft({ ...current, ...change });
  const choose = (k: string) => {
    setKind(k);
    setDraft(null);
    save.reset();
    preview.reset();
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Card title="文书种类" data-testid="document-templates-page">
            <Table<TemplateItem>
              size="small"
              rowKey="kind"
              loading={view.isPending}
              dataSource={view.data?.items ?? []}
              pagination={false}
              onRow={(i) => ({ onClick: () => choose(i.kind), style: { cursor: 'pointer' }, 'data-testid': `template-kind-${i.kind}` }) as React.HTMLAttributes<HTMLElement>}
              rowClassName={(i) => (i.kind === kind ? 'ant-table-row-selected' : '')}
              columns={[
                { title: '文种', key: 'label', render: (_: unknown, i) => i.labelZh },
                { title: '代字', key: 'word', width: 80, render: (_: unknown, i) => i.template.kindWord },
                { title: '', key: 'edited', width: 70, render: (_: unknown, i) => (i.edited ? <Tag color="blue">已修改</Tag> : null) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card
            title={item ? `${item.labelZh}模板` : '文书模板'}
            extra={
              <Space>
                {draft ? (
                  <Button loading={preview.isPending} onClick={() => preview.mutate()} data-testid="template-preview">
                    预览（未保存的修改）
                  </Button>
                ) : (
                  <Button href={adminApi.templatePreviewUrl(kind)} download data-testid="template-preview">
                    预览
                  </Button>
                )}
                <Button disabled={!item} onClick={() => item && setDraft(toDraft(item.default))} data-testid="template-default">
                  恢复默认
                </Button>
                <Button disabled={!draft || save.isPending} onClick={() => setDraft(null)}>
                  放弃修改
                </Button>
                <Button type="primary" disabled={!draft} loading={save.isPending} onClick={() => save.mutate()} data-testid="template-save">
                  保存
                </Button>
              </Space>
            }
          >
            {item && current && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Alert
                  type="info"
                  showIcon
                  title="法定内容不可修改"
                  description={`${item.statutory}由系统按《信访工作条例》生成，不在模板中，任何修改都不会删去。模板只管正文之后的结束语、本机关的固定段落、附注（联系方式）、落款和文种代字。`}
                  data-testid="template-statutory"
                />
                {(save.isError || preview.isError) && <Alert type="error" showIcon title={errorText((save.error ?? preview.error)!)} data-testid="template-error" />}
                <Form layout="vertical">
                  <Form.Item label="文种代字" extra={`文号如「晋信${current.kindWord}〔2026〕3号」。年中修改代字，本年的序号接着原序号继续编；用过的代字不能再给其他文种。`}>
                    <Input value={current.kindWord} onChange={(e) => edit({ kindWord: e.target.value })} style={{ width: 160 }} data-testid="template-kindWord" />
                  </Form.Item>
                  <Form.Item label="本机关固定段落" extra="印在法定内容之后、结束语之前；每行一段，最多 5 段，可留空。">
                    <Input.TextArea rows={3} value={current.paragraphs} onChange={(e) => edit({ paragraphs: e.target.value })} data-testid="template-paragraphs" />
                  </Form.Item>
                  <Form.Item label="结束语" extra={`默认「${item.default.closing || '无'}」；可留空。`}>
                    <Input value={current.closing} onChange={(e) => edit({ closing: e.target.value })} data-testid="template-closing" />
                  </Form.Item>
                  <Form.Item label="附注（联系方式）" extra="印在成文日期下方，加圆括号，如：联系人：王某，联系电话：0575-83012345。可留空。">
                    <Input value={current.contact} onChange={(e) => edit({ contact: e.target.value })} data-testid="template-contact" />
                  </Form.Item>
                  <Form.Item label="落款" extra="{机关} 代表发文机关名称，如「{机关}」或「{机关}办公室」。">
                    <Input value={current.signature} onChange={(e) => edit({ signature: e.target.value })} data-testid="template-signature" />
                  </Form.Item>
                  <Form.Item label="落款上方加「（印章）」占位">
                    <Switch checked={current.seal} onChange={(seal) => edit({ seal })} data-testid="template-seal" />
                  </Form.Item>
                </Form>
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Card title="修改记录" data-testid="document-templates-history">
        <Table<History>
          size="small"
          rowKey="id"
          dataSource={view.data?.history ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未修改：各文书使用默认文字' }}
          columns={[
            { title: '时间', key: 'at', width: 160, render: (_: unknown, h) => formatChina(h.occurredAt) },
            { title: '修改人', key: 'actor', width: 160, render: (_: unknown, h) => (h.actor ? `${h.actor.name}（${h.actor.login}）` : '系统') },
            {
              title: '修改内容',
              key: 'changes',
              render: (_: unknown, h) => (
                <Space orientation="vertical" size={0}>
                  {h.changes.flatMap((c) =>
                    c.fields.map((f) => (
                      <span key={`${c.kind}.${f.field}`}>
                        {c.labelZh} · {f.labelZh}：{f.before || '（无）'} → {f.after || '（无）'}
                      </span>
                    )),
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Typography.Text type="secondary">模板保存后，此后出具的文书按新模板生成；已出具的文书保持出具时的文字和文号。</Typography.Text>
    </Space>
  );
}
