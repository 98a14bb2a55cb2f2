import { StyleProvider } from '@ant-design/cssinjs';
import { ConfigProvider, type ThemeConfig } from 'antd';
import type { ReactNode } from 'react';

const runtime: ThemeConfig = { zeroRuntime: false };

/**
 * antd's own styles come from its prebuilt stylesheet (ThemeProvider turns its runtime styles off, which saved the
 * workbench's first load about half a second of script). @ant-design/x ships no stylesheet, so its components, and
 * only they, make their styles at run time: wrap each use of them in this. Those styles go into the same cascade layer
 * as the stylesheet (web/src/antd.css), ahead of it: a component made here at run time (a tag in a trade card, say)
 * does not override the stylesheet's rules for the same component elsewhere on the page, and the app's rules win
 * over both.
 */
export function RuntimeStyles({ children }: { children: ReactNode }) {
  return (
    <StyleProvider layer>
      <ConfigProvider theme={runtime}>{children}</ConfigProvider>
    </StyleProvider>
  );
}
