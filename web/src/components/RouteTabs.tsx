import { Tabs } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';

export interface RouteTab<K extends string = string> {
  key: K;
  label: ReactNode;
  /** Mounted only while its tab is the chosen one. */
  content: ReactNode;
}

/**
 * A page's tabs chosen by the URL, so each can be linked to and survives a reload: `base` shows the `home` tab,
 * `base/key` any other. A key the account does not see (or none known) shows the first tab it does see.
 */
export function RouteTabs<K extends string>({ base, home, tabs, testId }: {
  base: string;
  home: K;
  /** The tabs this account may see, in order. */
  tabs: readonly RouteTab<K>[];
  /** Each tab's label carries `${testId}-${key}`. */
  testId: string;
}) {
  const location = useLocation();
  const navigate = useNavigate();
  const asked = location.pathname.slice(base.length).split('/')[1] || home;
  const active = tabs.find((tab) => tab.key === asked) ?? tabs[0];

  return (
    <>
      <Tabs
        size="small"
        activeKey={active?.key}
        onChange={(key) => navigate(key === home ? base : `${base}/${key}`)}
        items={tabs.map((tab) => ({ key: tab.key, label: <span data-testid={`${testId}-${tab.key}`}>{tab.label}</span> }))}
      />
      {/* Keyed: another tab is a fresh mount, even when two tabs show the same component. */}
      {active && <Fragment key={active.key}>{active.content}</Fragment>}
    </>
  );
}
