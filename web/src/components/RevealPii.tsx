import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorText, request } from '../api';

interface Revealed {
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

/**
 * 查看完整信息: a petitioner's ID number, phone and address, unmasked for a role that needs them
 * (petitioner.pii.read), only with a stated purpose. The server records every read (who, when, why) and auditors
 * list them under 个人信息查阅记录; nothing revealed is kept in the page's cache.
 */
export function RevealPii({ petitionerId, name }: { petitionerId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ purpose: string }>();
  const reveal = useMutation({
    mutationFn: (purpose: string) => request<Revealed>('GET', `/petitioners/${petitionerId}/pii`, { query: { purpose } }),
  });
  const close = () => {
    setOpen(false);
    reveal.reset();
    form.resetFields();
  };
  return (
    <>
      <Button type="link" size="small" onClick={() => setOpen(true)} data-testid="reveal-pii">
        查看完整信息
      </Button>
      <Modal title={`${name} · 完整个人信息`} open={open} onCancel={close} footer={null} destroyOnHidden>
        {reveal.data ? (
          <Descriptions column={1} size="small" bordered data-testid="revealed-pii">
            <Descriptions.Item label="身份证号">{reveal.data.idNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{reveal.data.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="住址">{reveal.data.address ?? '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v.purpose.trim())} disabled={reveal.isPending}>
            <Typography.Paragraph type="secondary">查看将记入办理记录（查阅人、时间、目的），评查人员可查询。请如实填写查阅目的。</Typography.Paragraph>
            {reveal.isError && <Alert type="error" showIcon title={errorText(reveal.error)} style={{ marginBottom: 12 }} />}
            <Form.Item label="查阅目的" name="purpose" rules={[{ required: true, whitespace: true, min: 2, message: '请填写查阅目的（至少 2 个字）' }]}>
              <Input maxLength={200} placeholder="如：电话联系信访人核实诉求" data-testid="reveal-purpose" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={reveal.isPending} data-testid="reveal-submit">
              查看
            </Button>
          </Form>
        )}
      </Modal>
    </>
  );
}
