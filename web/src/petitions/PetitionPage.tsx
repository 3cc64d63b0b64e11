import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Image, Skeleton, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useParams } from 'react-router-dom';
import { useHasPermission } from '../auth';
import { formatChina } from '../chinaTime';
import { MatterRefRow } from '../components/MatterRefRow';
import { PageError } from '../components/PageError';
import { RevealPii } from '../components/RevealPii';
import { useDocumentTitle } from '../useDocumentTitle';
import { attachmentUrl, petitionApi, petitionQueryKey, type PetitionAttachment, type PetitionPage as Petition } from './api';

/** The channel details' labels, as the registration form names them (web/src/register/ChannelDetails.tsx). */
const DETAIL_LABELS: Record<string, string> = {
  postmarkOn: '邮戳日期',
  pages: '页数',
  signatures: '联名人数',
  peopleCount: '来访人数',
  receptionPlace: '接待地点 / 接待人',
  callerNumber: '来电号码',
  calledAt: '来电时间',
  recordingRef: '录音编号',
  request: '诉求',
  facts: '事实',
  reasons: '理由',
  submittedVia: '来源平台 / 账号',
  faxNumber: '传真号码',
  fromAddress: '发件地址',
  subject: '邮件主题',
  sourceBody: '来源单位',
  referralNumber: '转办 / 交办文号',
  deadlineOn: '办理期限',
  kind: '转办方式',
  oral: '口头信访',
};
const DATE_TIME_DETAILS = new Set(['calledAt']);
/** Technical keys (the portal's idempotency key): kept in the record and the API, not a fact a reader needs. */
const INTERNAL_DETAILS = new Set(['submissionKey']);
/** Values the platform itself writes, in words. */
const DETAIL_VALUES: Record<string, Record<string, string>> = { submittedVia: { portal: '本平台网上信访（门户）' } };

function detailText(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (key === 'kind') return value === 'assign' ? '交办' : value === 'forward' ? '转送' : String(value);
  if (typeof value === 'string' && DETAIL_VALUES[key]?.[value]) return DETAIL_VALUES[key][value];
  if (DATE_TIME_DETAILS.has(key) && typeof value === 'string') return formatChina(value);
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 附件: images shown on the page (click to enlarge), PDFs open in a new tab, everything downloads. */
function AttachmentRow({ file }: { file: PetitionAttachment }) {
  return (
    <div data-testid="petition-attachment" data-preview={file.preview ?? 'none'} style={{ padding: '10px 12px', borderBottom: '1px solid #f0f0f0' }}>
      <Space size={12} wrap>
        <Typography.Text strong>{file.fileName}</Typography.Text>
        <Typography.Text type="secondary">{sizeText(file.size)}</Typography.Text>
        {file.preview === 'pdf' && (
          <a href={attachmentUrl(file.id, true)} target="_blank" rel="noopener noreferrer" data-testid="attachment-open">
            在新标签页中预览
          </a>
        )}
        <a href={attachmentUrl(file.id)} download={file.fileName} data-testid="attachment-download">
          下载
        </a>
      </Space>
      {file.preview === 'image' && (
        <div style={{ marginTop: 8 }}>
          <Image src={attachmentUrl(file.id, true)} alt={file.fileName} width={240} data-testid="attachment-image" />
        </div>
      )}
    </div>
  );
}

function petitionItems(p: Petition): DescriptionsProps['items'] {
  const details = Object.entries(p.details).filter(([k, v]) => !INTERNAL_DETAILS.has(k) && v !== null && v !== undefined && v !== '');
  return [
    { key: 'number', label: '信访件编号', children: <span data-testid="petition-number">{p.number}</span> },
    { key: 'channel', label: '信访渠道', children: p.channelLabel },
    { key: 'receivedAt', label: '收到时间', children: formatChina(p.receivedAt) },
    { key: 'source', label: '登记方式', children: p.sourceLabel },
    { key: 'region', label: '行政区划', children: `${p.regionName}（${p.regionCode}）` },
    { key: 'body', label: '登记单位', children: p.registeringBody.name },
    ...(p.collective ? [{ key: 'collective', label: '集体访', children: <span data-testid="petition-people-count">{`是，${p.peopleCount} 人`}</span>, span: 2 }] : []),
    ...(p.respondent ? [{ key: 'respondent', label: '被反映人/单位', children: p.respondent }] : []),
    ...(p.place ? [{ key: 'place', label: '问题发生地', children: p.place }] : []),
    ...(p.externalId ? [{ key: 'externalId', label: '外部编号', children: p.externalId }] : []),
    ...details.map(([k, v]) => ({ key: `d-${k}`, label: DETAIL_LABELS[k] ?? '其他登记信息', children: <span data-testid={`petition-detail-${k}`}>{detailText(k, v)}</span> })),
  ];
}

/** /petitions/:id — 信访件: the petition as received, reachable from every matter it carries. */
export function PetitionPage() {
  const { id = '' } = useParams();
  const detail = useQuery({ queryKey: petitionQueryKey(id), queryFn: () => petitionApi.petition(id), staleTime: 0 });
  const readsPii = useHasPermission()('petitioner.pii.read');
  useDocumentTitle(detail.data ? `信访件 ${detail.data.number}` : '信访件');

  if (detail.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (detail.isError) {
    return (
      <Card>
        <PageError error={detail.error} onRetry={() => void detail.refetch()} notFoundText="未找到该信访件，或其信访事项均不在您的权限范围内。" />
      </Card>
    );
  }
  const p = detail.data;
  return (
    <div data-testid="petition-page">
      <Card style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">信访件</Typography.Text>
        <Typography.Title level={4} style={{ margin: '4px 0 0' }} data-testid="petition-title">
          {p.title}
        </Typography.Title>
      </Card>
      <Card title="信访件信息" style={{ marginBottom: 16 }}>
        <Descriptions bordered size="small" column={2} items={petitionItems(p)} styles={{ label: { width: 120 } }} />
      </Card>
      <Card title="原文" style={{ marginBottom: 16 }} extra={p.split ? <Typography.Text type="secondary">本件已分诉求登记，各诉求按下列信访事项分别办理</Typography.Text> : null}>
        <div data-testid="petition-content" style={{ whiteSpace: 'pre-wrap' }}>
          {p.content}
        </div>
      </Card>
      <Card title={`信访人（${p.petitioners.length}）`} style={{ marginBottom: 16 }} styles={{ body: { padding: 0 } }}>
        {p.petitioners.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" style={{ padding: 16 }} />
        ) : (
          p.petitioners.map((x) => (
            <div key={x.id} data-testid="petition-petitioner" style={{ padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}>
              <Space size={12} wrap>
                <Typography.Text strong>{x.nameAsGiven || x.name}</Typography.Text>
                {x.isRepresentative && <Tag color="blue" data-testid="representative-tag">代表</Tag>}
                <Typography.Text type="secondary">身份证号 {x.idNumberMasked || '—'}</Typography.Text>
                <Typography.Text type="secondary">联系电话 {x.phoneMasked || '—'}</Typography.Text>
                <Typography.Text type="secondary">住址 {x.address || '—'}</Typography.Text>
                {readsPii && <RevealPii petitionerId={x.id} name={x.name} />}
              </Space>
            </div>
          ))
        )}
      </Card>
      <Card title={`附件（${p.attachments.length}）`} style={{ marginBottom: 16 }} styles={{ body: { padding: 0 } }} data-testid="petition-attachments">
        {p.attachments.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无附件" style={{ padding: 16 }} />
        ) : (
          <Image.PreviewGroup>
            {p.attachments.map((a) => (
              <AttachmentRow key={a.id} file={a} />
            ))}
          </Image.PreviewGroup>
        )}
      </Card>
      <Card title={`所属信访事项（${p.matters.length}）`} styles={{ body: { padding: 0 } }} data-testid="petition-matters">
        {p.matters.map((m) => (
          <MatterRefRow
            key={m.id}
            matter={m}
            testId="petition-matter"
            linkTestId="petition-matter-link"
            before={<Tag style={{ marginInlineEnd: 0 }}>{m.relationLabel}</Tag>}
          />
        ))}
      </Card>
    </div>
  );
}
