import { App as AntApp, ConfigProvider, theme } from 'antd';
import '../antd.css';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dayjs } from '../lib/time';

/** Someone who asked their system for less motion gets none: dialogs and drawers appear and go at once. */
const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** antd in the chosen language, with Taobao's orange and a dense back-office spacing. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const english = i18n.language.startsWith('en');
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={{ algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm], token: { colorPrimary: '#ff5000', borderRadius: 4, motion: !reducedMotion }, zeroRuntime: true }}
    >
      <AntApp style={{ height: '100%' }}>{children}</AntApp>
    </ConfigProvider>
  );
}
