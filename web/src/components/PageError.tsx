import { Button, Result } from 'antd';
import { errorText, isApiError } from '../api';

/** A failed page load: 404 (also "out of scope") or any other error with the server's messageZh. */
export function PageError({ error, onRetry, notFoundText }: { error: unknown; onRetry?: () => void; notFoundText?: string }) {
  if (isApiError(error) && error.status === 404) {
    return <Result status="404" title="未找到" subTitle={notFoundText ?? error.messageZh} />;
  }
  if (isApiError(error) && error.status === 403) {
    return <Result status="403" title="无权访问" subTitle={error.messageZh} />;
  }
  return (
    <Result
      status="error"
      title="加载失败"
      subTitle={errorText(error)}
      extra={onRetry ? <Button type="primary" onClick={onRetry}>重试</Button> : undefined}
    />
  );
}
