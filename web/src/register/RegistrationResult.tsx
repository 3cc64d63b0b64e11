import { Button, Card, Result, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { RegisteredPetition } from '../types';

const RELATION: Record<string, { label: string; color: string }> = {
  origin: { label: '新事项', color: 'green' },
  repeat: { label: '重复件', color: 'orange' },
  joined: { label: '并入集体事项', color: 'purple' },
};

/** After saving: the petition number and the matter(s) it was registered on; 继续登记 starts the next one. */
export function RegistrationResult({ result, onAgain }: { result: RegisteredPetition; onAgain: () => void }) {
  const terminatedArticle = (matterId: string) =>
    result.screening.candidates.find((c) => c.matterId === matterId)?.flags.find((f) => f.code === 'terminated')?.article;
  return (
    <Card data-testid="register-success">
      <Result
        status="success"
        title="登记成功"
        subTitle={
          <span>
            信访件编号{' '}
            <Typography.Text strong copyable data-testid="success-petition-number" style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace', fontSize: 16 }}>
              {result.number}
            </Typography.Text>
          </span>
        }
        extra={
          <Button type="primary" autoFocus onClick={onAgain} data-testid="register-again">
            继续登记（Enter）
          </Button>
        }
      >
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">登记在以下信访事项：</Typography.Text>
          {result.matters.map((m) => {
            const rel = RELATION[m.relation] ?? { label: m.relation, color: 'default' };
            const article = m.refusedAgain ? terminatedArticle(m.matterId) : undefined;
            return (
              <div key={m.matterId} data-testid="success-matter" data-matter-id={m.matterId} data-relation={m.relation} data-number={m.number}>
                <Tag color={rel.color}>{rel.label}</Tag>
                <Link to={`/matters/${m.matterId}`} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace' }}>
                  {m.number}
                </Link>
                {m.refusedAgain && (
                  <Tag color="red" style={{ marginInlineStart: 8 }} data-testid="success-refused-again">
                    已依法终结，不再受理{article ? `（${article}）` : ''}
                  </Tag>
                )}
              </div>
            );
          })}
        </Space>
      </Result>
    </Card>
  );
}
