import { hasPermission } from '../api/auth';
import type { Me } from '../api/types';

export interface MenuEntry {
  path: string;
  label: string; // i18n key
  visible: (me: Me) => boolean;
}

const leads = (me: Me) => me.account.is_main || me.account.role === 'supervisor';

/** Each page shows in the menu only to those whose permissions let them use it. */
export const MENU: MenuEntry[] = [
  { path: '/workbench', label: 'menu.workbench', visible: (me) => ['service', 'aftersales'].includes(me.account.role) || leads(me) },
  { path: '/trades', label: 'menu.trades', visible: (me) => hasPermission(me, 'trade.view') },
  { path: '/warehouse', label: 'menu.warehouse', visible: (me) => hasPermission(me, 'trade.ship') },
  { path: '/team', label: 'menu.team', visible: (me) => leads(me) || hasPermission(me, 'suspend.approve') },
  { path: '/stats', label: 'stats.menu', visible: (me) => ['service', 'aftersales', 'finance'].includes(me.account.role) || leads(me) || hasPermission(me, 'suspend.approve') },
  { path: '/my-reviews', label: 'supervision.mine.menu', visible: (me) => !me.account.is_main && ['service', 'aftersales', 'supervisor'].includes(me.account.role) },
  { path: '/customers', label: 'customers.menu', visible: (me) => hasPermission(me, 'trade.view') },
  { path: '/tools/calculator', label: 'menu.calculator', visible: (me) => hasPermission(me, 'trade.view') },
  { path: '/knowledge', label: 'kb.title', visible: (me) => ['service', 'aftersales'].includes(me.account.role) || leads(me) },
  { path: '/broadcasts', label: 'broadcasts.title', visible: (me) => hasPermission(me, 'broadcast.send') },
  {
    path: '/aftersales', label: 'aftersales.menu',
    visible: (me) => hasPermission(me, 'refund.approve') || hasPermission(me, 'refund.goods') || leads(me),
  },
  {
    path: '/logistics', label: 'logistics.menu',
    visible: (me) => ['trade.ship', 'refund.approve', 'setting.manage'].some((p) => hasPermission(me, p)) || leads(me),
  },
];

/** Where an account starts its day: agents at the workbench, the warehouse at its queue, leads at the team board. */
export function homeFor(me: Me): string {
  if (me.account.is_main || me.account.role === 'owner' || me.account.role === 'supervisor') return '/team';
  if (me.account.role === 'service') return '/workbench';
  if (me.account.role === 'warehouse') return '/warehouse';
  const first = MENU.find((m) => m.visible(me));
  return first?.path ?? '/trades';
}
