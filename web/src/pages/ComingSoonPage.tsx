import { Card, Result, Typography } from 'antd';
import type { NavItem } from '../nav';
import { useDocumentTitle } from '../useDocumentTitle';

/** 「建设中」: a capability that is planned but not built yet. No sample data. */
export function ComingSoonPage({ item }: { item: NavItem }) {
  useDocumentTitle(item.label);
  return (
    <Card data-testid="coming-soon">
      <Result
        status="info"
        title={`${item.label} · 建设中`}
        subTitle={
          <>
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              「{item.comingSoon?.feature ?? item.label}」功能正在建设中，将在后续版本提供。
            </Typography.Paragraph>
            {item.comingSoon && (
              <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto' }}>
                计划内容：{item.comingSoon.description}
              </Typography.Paragraph>
            )}
          </>
        }
      />
    </Card>
  );
}
