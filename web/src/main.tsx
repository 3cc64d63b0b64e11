import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { isApiError, queryKeys } from './api';
import { App } from './App';
import './styles.css';

dayjs.locale('zh-cn');

/**
 * Global handler: any request answered 401 means the session is gone. Setting the session to null makes
 * <RequireAuth> redirect to /login?redirect=<current URL>. The login call itself opts out (meta.skipAuthRedirect).
 */
function onApiError(err: unknown): void {
  if (!isApiError(err)) return;
  if (err.status === 401) queryClient.setQueryData(queryKeys.me, null);
  // A CSRF refusal means our token is out of date (e.g. a new login in another tab): fetch the current one.
  else if (err.code === 'CSRF') void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  // The administrator reset the password meanwhile: /auth/me now says so and <RequireAuth> shows the change screen.
  else if (err.code === 'PASSWORD_CHANGE_REQUIRED') void queryClient.invalidateQueries({ queryKey: queryKeys.me });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({
    onError: (err, _vars, _result, mutation) => {
      if (!mutation.meta?.skipAuthRedirect) onApiError(err);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Retry only network/server failures, never 4xx answers.
      retry: (count, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: {
          colorPrimary: '#1b5aa6',
          borderRadius: 4,
          fontFamily:
            '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif',
        },
        components: {
          Layout: { headerBg: '#0e3f7e', siderBg: '#ffffff', bodyBg: '#f0f2f5' },
        },
      }}
    >
      <AntdApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </AntdApp>
    </ConfigProvider>
  </StrictMode>,
);
