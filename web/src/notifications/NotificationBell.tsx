import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Drawer, Empty, List, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorText, notificationApi, notificationKeys } from '../api';
import type { InboxMessage } from '../types';
import { chinaTime } from './labels';

/** A bell outline, drawn here rather than pulling in an icon package for one glyph. */
function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/**
 * 站内通知: the header bell with the unread count, and a drawer of the latest messages. Opening a message marks it
 * read and goes to its matter. The count refreshes every minute (and when the window regains focus).
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: notificationKeys.inbox, queryFn: () => notificationApi.inbox(30), refetchInterval: 60_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.inbox });
  const markRead = useMutation({ mutationFn: (id: string) => notificationApi.markRead(id), onSettled: refresh });
  const markAll = useMutation({ mutationFn: () => notificationApi.markAllRead(), onSettled: refresh });
  const unread = inbox.data?.unread ?? 0;

  const openMessage = (m: InboxMessage) => {
    if (!m.readAt) markRead.mutate(m.id);
    if (m.matterId) {
      setOpen(false);
      navigate(`/matters/${m.matterId}`);
    }
  };

  return (
    <>
      <Tooltip title={unread ? `${unread} 条未读通知` : '通知'}>
        <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
          <Button
            type="text"
            aria-label={unread ? `通知，${unread} 条未读` : '通知'}
            data-testid="notification-bell"
            onClick={() => setOpen(true)}
            style={{ color: '#fff', display: 'inline-flex', alignItems: 'center' }}
            icon={<BellIcon />}
          />
        </Badge>
      </Tooltip>
      <Drawer
        title="通知"
        open={open}
        onClose={() => setOpen(false)}
        size={420}
        extra={
          <Button size="small" disabled={!unread} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            全部标为已读
          </Button>
        }
      >
        {inbox.isError && <Alert type="error" showIcon title={errorText(inbox.error)} style={{ marginBottom: 12 }} />}
        {inbox.data && inbox.data.items.length === 0 && <Empty description="暂无通知" />}
        {inbox.data && inbox.data.items.length > 0 && (
          <List
            dataSource={inbox.data.items}
            loading={inbox.isLoading}
            renderItem={(m) => (
              <List.Item
                key={m.id}
                onClick={() => openMessage(m)}
                data-testid="notification-item"
                style={{ cursor: 'pointer', alignItems: 'flex-start', background: m.readAt ? undefined : '#f0f7ff', paddingInline: 8 }}
              >
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                    <Typography.Text strong={!m.readAt}>{m.subject}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {chinaTime(m.createdAt)}
                    </Typography.Text>
                  </Space>
                  <Typography.Text type={m.readAt ? 'secondary' : undefined} style={{ fontSize: 13 }}>
                    {m.text}
                  </Typography.Text>
                  {m.matterNumber && (
                    <Typography.Link style={{ fontSize: 12 }}>查看信访事项 {m.matterNumber}</Typography.Link>
                  )}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
