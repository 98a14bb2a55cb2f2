import { CalculatorOutlined, LogoutOutlined, ShopOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useLogout, useMe } from '../api/auth';
import { MENU } from '../lib/navigation';
import { setShopTimeZone } from '../lib/time';
import { LanguageSwitch } from './LanguageSwitch';

// The calculator (its drawer, form and table) loads when it is first opened, not with every page.
const CalculatorDrawer = lazy(() => import('./CalculatorDrawer').then((m) => ({ default: m.CalculatorDrawer })));

/** The seller back-office frame: menu by permission, the account and shop, the calculator at hand. */
export function AppLayout() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const [calculatorOpen, setCalculatorOpen] = useState(false);
  // Mounted on first opening and kept, so that it closes with its animation.
  const [calculatorUsed, setCalculatorUsed] = useState(false);
  if (!me) return null;
  setShopTimeZone(me.shop.timezone);
  const items = MENU.filter((m) => m.visible(me)).map((m) => ({ key: m.path, label: t(m.label) }));
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', paddingInline: 16, borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Title level={4} style={{ margin: 0, color: '#ff5000', whiteSpace: 'nowrap' }}>
          <ShopOutlined /> {t('app.name')}
        </Typography.Title>
        <Typography.Text type="secondary" ellipsis>{me.shop.title}</Typography.Text>
        <Tag color={me.shop.type === 'B' ? 'red' : 'orange'}>{t(me.shop.type === 'B' ? 'shopType.B' : 'shopType.C')}</Tag>
        <div style={{ flex: 1 }} />
        <Space size="middle">
          {hasPermission(me, 'trade.view') && (
            <Button icon={<CalculatorOutlined />} onClick={() => { setCalculatorUsed(true); setCalculatorOpen(true); }}>{t('menu.calculator')}</Button>
          )}
          <LanguageSwitch />
          <span data-testid="current-account">
            <Typography.Text strong>{me.account.login}</Typography.Text> <Tag>{t(`role.${me.account.role}`)}</Tag>
          </span>
          <Button
            icon={<LogoutOutlined />}
            onClick={async () => {
              await logout();
              navigate('/login');
            }}
          >
            {t('auth.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={168} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items} onClick={({ key }) => navigate(key)} style={{ height: '100%' }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 12 }}>
          {/* The frame shows while the page's own code is still loading. */}
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}><Outlet /></Suspense>
        </Layout.Content>
      </Layout>
      {calculatorUsed && <Suspense><CalculatorDrawer open={calculatorOpen} onClose={() => setCalculatorOpen(false)} /></Suspense>}
    </Layout>
  );
}
