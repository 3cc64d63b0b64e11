import { Button, Result } from 'antd';
import { Route, Routes, useNavigate } from 'react-router-dom';
import { PortalHomePage } from './PortalHomePage';
import { PortalLayout, usePortalTitle } from './PortalLayout';
import { PortalPublishedPage } from './PortalPublishedPage';
import { PortalQueryPage } from './PortalQueryPage';
import { PortalSubmitPage } from './PortalSubmitPage';

function PortalNotFound() {
  usePortalTitle('页面不存在');
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      extra={
        <Button type="primary" onClick={() => navigate('/portal')}>
          返回网上信访首页
        </Button>
      }
    />
  );
}

/** The citizen portal under /portal: public, outside the staff login and the staff layout. */
export function PortalRoutes() {
  return (
    <Routes>
      <Route element={<PortalLayout />}>
        <Route index element={<PortalHomePage />} />
        <Route path="submit" element={<PortalSubmitPage />} />
        <Route path="query" element={<PortalQueryPage />} />
        <Route path="published" element={<PortalPublishedPage />} />
        <Route path="*" element={<PortalNotFound />} />
      </Route>
    </Routes>
  );
}
