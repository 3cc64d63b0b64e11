import { Empty, Tag, Typography } from 'antd';
import { documentDocxUrl } from '../api';
import type { MatterDocument } from '../types';

/**
 * Documents (文书) with their .docx download links. A plain same-origin link: the session cookie goes with it and the
 * server names the file (number and title) in Content-Disposition.
 */
export function DocumentList({ documents, empty = '暂无文书' }: { documents: MatterDocument[]; empty?: string }) {
  if (documents.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '8px 0' }} />;
  return (
    <div>
      {documents.map((d) => (
        <div
          key={d.id}
          data-testid="document"
          data-kind={d.kind}
          data-document-id={d.id}
          style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}
        >
          <Tag color={d.forPetitioner ? 'green' : 'blue'} style={{ marginInlineEnd: 0 }}>
            {d.kindLabel}
          </Tag>
          <div style={{ flex: 1, minWidth: 0 }}>
            <a href={documentDocxUrl(d.id)} download data-testid="document-link" data-kind={d.kind} title="下载 Word 文档（.docx）">
              {d.title}
            </a>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {d.number} · {d.issuingBody} · {d.issuedOn}
                {d.forPetitioner ? ' · 送信访人' : ''}
              </Typography.Text>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
