import { useQuery } from '@tanstack/react-query';
import { Button, Popover, Table, Typography } from 'antd';
import { api } from '../api';
import type { MutualSupervisionOffice } from '../types';
import { chinaToday } from '../chinaTime';

/**
 * 互相监督 (seed 000) for this month: registrations the acceptance office sent back to the desk, dispatches the
 * supervision office flagged as imprecise, returns upheld — per office, so each office's record is visible.
 */
export function MutualSupervision() {
  const to = chinaToday();
  const from = `${to.slice(0, 8)}01`;
  const counts = useQuery({ queryKey: ['mutual-supervision', from, to], queryFn: () => api.mutualSupervision(from, to) });
  const content = (
    <div style={{ width: 420 }} data-testid="mutual-supervision">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {from} 至 {to}，按实施该操作的处室统计
      </Typography.Paragraph>
      <Table<MutualSupervisionOffice>
        size="small"
        rowKey="bodyId"
        pagination={false}
        loading={counts.isPending}
        dataSource={counts.data?.offices ?? []}
        locale={{ emptyText: '本月暂无记录' }}
        columns={[
          { title: '处室', dataIndex: 'name' },
          { title: '退回登记', dataIndex: 'registrationsSentBack', align: 'right' },
          { title: '标记分办不精准', dataIndex: 'dispatchesFlagged', align: 'right' },
          { title: '同意退回', dataIndex: 'returnsUpheld', align: 'right' },
        ]}
      />
    </div>
  );
  return (
    <Popover content={content} title="互相监督（本月）" trigger="click" placement="bottomRight">
      <Button size="small" data-testid="mutual-supervision-button">
        互相监督
      </Button>
    </Popover>
  );
}
