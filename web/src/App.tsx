import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { RequirePermission } from './components/RequirePermission';
import { NAV_ITEMS } from './nav';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { DashboardPage } from './pages/DashboardPage';
import { DispatchPage } from './pages/DispatchPage';
import { HandlingPage } from './pages/HandlingPage';
import { SupervisionPage } from './pages/SupervisionPage';
import { LoginPage } from './pages/LoginPage';
import { MatterDetailPage } from './pages/MatterDetailPage';
import { MattersPage } from './pages/MattersPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { PortalRoutes } from './portal/PortalRoutes';
import { OutboxPage } from './notifications/OutboxPage';
import { PartitionsPage } from './supervision/PartitionsPage';
import { RegistryPage } from './pages/RegistryPage';
import { PiiAccessPage } from './pages/PiiAccessPage';
import { AccountsPage } from './accounts/AccountsPage';
import { PetitionPage } from './petitions/PetitionPage';
import { BodiesPage } from './admin/BodiesPage';
import { TimeLimitsPage } from './admin/TimeLimitsPage';
import { DocumentTemplatesPage } from './admin/DocumentTemplatesPage';
import { CalendarPage } from './admin/CalendarPage';
import { AuditPage } from './admin/AuditPage';

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* 网上信访: the citizen portal, public, outside the staff login and layout. */}
      <Route path="/portal/*" element={<PortalRoutes />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route
          path="matters"
          element={
            <RequirePermission permission="matter.read">
              <MattersPage />
            </RequirePermission>
          }
        />
        <Route
          path="matters/:id"
          element={
            <RequirePermission permission="matter.read">
              <MatterDetailPage />
            </RequirePermission>
          }
        />
        <Route
          path="petitions/:id"
          element={
            <RequirePermission permission="matter.read">
              <PetitionPage />
            </RequirePermission>
          }
        />
        <Route
          path="register"
          element={
            <RequirePermission permission="matter.register">
              <RegisterPage />
            </RequirePermission>
          }
        />
        <Route
          path="dispatch"
          element={
            <RequirePermission permission="matter.dispatch">
              <DispatchPage />
            </RequirePermission>
          }
        />
        <Route
          path="handling"
          element={
            <RequirePermission permission="matter.handle">
              <HandlingPage />
            </RequirePermission>
          }
        />
        <Route
          path="supervision"
          element={
            <RequirePermission permission="supervision.read">
              <SupervisionPage />
            </RequirePermission>
          }
        />
        <Route
          path="registry"
          element={
            <RequirePermission permission="matter.read">
              <RegistryPage />
            </RequirePermission>
          }
        />
        <Route
          path="supervision/partitions"
          element={
            <RequirePermission permission="admin.manage">
              <PartitionsPage />
            </RequirePermission>
          }
        />
        <Route
          path="audit/pii-access"
          element={
            <RequirePermission permission="audit.read">
              <PiiAccessPage />
            </RequirePermission>
          }
        />
        <Route
          path="admin/accounts"
          element={
            <RequirePermission permission="admin.manage">
              <AccountsPage />
            </RequirePermission>
          }
        />
        <Route path="admin" element={<Navigate to="/admin/bodies" replace />} />
        <Route
          path="admin/bodies"
          element={
            <RequirePermission permission="admin.manage">
              <BodiesPage />
            </RequirePermission>
          }
        />
        <Route
          path="admin/time-limits"
          element={
            <RequirePermission permission="admin.manage">
              <TimeLimitsPage />
            </RequirePermission>
          }
        />
        <Route
          path="admin/document-templates"
          element={
            <RequirePermission permission="admin.manage">
              <DocumentTemplatesPage />
            </RequirePermission>
          }
        />
        <Route
          path="admin/calendar"
          element={
            <RequirePermission permission="calendar.manage">
              <CalendarPage />
            </RequirePermission>
          }
        />
        <Route
          path="admin/audit"
          element={
            <RequirePermission permission="audit.read">
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route
          path="notifications/outbox"
          element={
            <RequirePermission permission="admin.manage">
              <OutboxPage />
            </RequirePermission>
          }
        />
        {NAV_ITEMS.filter((item) => item.comingSoon).map((item) => (
          <Route
            key={item.path}
            path={item.path.slice(1)}
            element={
              <RequirePermission permission={item.permission}>
                <ComingSoonPage item={item} />
              </RequirePermission>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
