import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/auth';

/** The back-office is for signed-in shop accounts; others go to the log-in page and come back after. */
export function RequireAccount({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (me.isPending) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (me.isError) return <Result status="error" title={t('common.networkError')} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
