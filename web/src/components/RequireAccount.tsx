import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/auth';

// antd's Result carries three large illustrations: only a failed session check needs it.
const Result = lazy(() => import('antd/es/result'));

/** The back-office is for signed-in shop accounts; others go to the log-in page and come back after. */
export function RequireAccount({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (me.isPending) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (me.isError) return <Suspense><Result status="error" title={t('common.networkError')} /></Suspense>;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
