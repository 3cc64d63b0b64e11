import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useHasPermission } from '../auth';

/** Hides a page the user's permissions do not open (the server enforces the same permissions). */
export function RequirePermission({ permission, children }: { permission?: string; children: ReactNode }) {
  const has = useHasPermission();
  if (permission && !has(permission)) {
    return <Result status="403" title="无权访问" subTitle="您的账号没有访问该页面的权限，如有需要请联系系统管理员。" />;
  }
  return <>{children}</>;
}
