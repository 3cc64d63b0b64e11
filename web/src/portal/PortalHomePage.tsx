import { Alert, Button, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { usePortalTitle } from './PortalLayout';

/** 网上信访 home: the two things a citizen comes for. */
export function PortalHomePage() {
  usePortalTitle(undefined);
  const navigate = useNavigate();
  const big = (testId: string, icon: ReactNode, title: string, text: string, to: string, primary: boolean) => (
    <Button type={primary ? 'primary' : 'default'} size="large" block className="xf-portal-big-button" data-testid={testId} onClick={() => navigate(to)}>
      <span style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <span style={{ fontSize: 28, width: 44, height: 44, lineHeight: '44px', textAlign: 'center', borderRadius: 22, background: primary ? 'rgba(255,255,255,0.2)' : '#e8f0fa', flex: 'none' }}>{icon}</span>
        <span style={{ display: 'flex', flexDirection: 'column' }}>
          <span style={{ fontSize: 18, fontWeight: 600 }}>{title}</span>
          <span style={{ fontSize: 13, opacity: 0.85 }}>{text}</span>
        </span>
      </span>
    </Button>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ marginTop: 8, marginBottom: 0 }}>
        欢迎使用网上信访
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        您可以在网上实名提出信访事项，并凭查询码随时查询办理进度。
      </Typography.Paragraph>
      {big('portal-go-submit', '写', '我要信访', '实名提交信访事项（诉求、事实、理由及材料）', '/portal/submit', true)}
      {big('portal-go-query', '查', '查询进度', '凭查询码和证件号码或手机号码后四位查询', '/portal/query', false)}
      {big('portal-go-published', '公', '复核意见公示', '经过听证的复核意见（《信访工作条例》第三十六条）', '/portal/published', false)}
      <Alert
        type="info"
        showIcon
        title="温馨提示"
        description={
          <ul style={{ paddingInlineStart: 18, margin: 0 }}>
            <li>信访事项应当客观真实，信访人对其所提供材料内容的真实性负责（《信访工作条例》第十九条）。</li>
            <li>提交成功后会显示信访件编号和查询码，查询码只显示一次，请务必妥善保存。</li>
            <li>已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，请通过相应法定途径提出。</li>
          </ul>
        }
      />
    </Space>
  );
}
