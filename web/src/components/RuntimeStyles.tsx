import { ConfigProvider, type ThemeConfig } from 'antd';
import type { ReactNode } from 'react';

const runtime: ThemeConfig = { zeroRuntime: false };

/**
 * antd's own styles come from its prebuilt stylesheet (ThemeProvider turns its runtime styles off, which saved the
 * workbench's first load about half a second of script). @ant-design/x ships no stylesheet, so its components, and
 * only they, make their styles at run time: wrap each use of them in this.
 */
export function RuntimeStyles({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={runtime}>{children}</ConfigProvider>;
}
