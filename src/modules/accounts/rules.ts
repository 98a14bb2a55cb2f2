import { AppError } from '../../errors.ts';

/** Every permission the server checks. The main account holds all of them. */
export const PERMISSIONS = [
  'trade.view',
  'trade.modify_price', // price and postage, within max_discount_pct
  'trade.close',
  'trade.address', // before payment
  'trade.address_after_pay', // after payment, until shipping (the warehouse, acting on a red flag)
  'trade.memo',
  'trade.ship',
  'trade.delay_receive',
  'catalog.manage',
  'replies.manage', // the team's quick replies (快捷回复); everyone keeps personal ones
  'account.manage',
  'audit.read',
  'setting.manage',
  'suspend.approve',
  'refund.approve',
  'refund.goods', // the warehouse's part of after-sales: returned parcels received, exchanges re-shipped
  'payment.offline', // a bank transfer (线下转账) recorded by hand, and a buyer's transfer notice refused
  'broadcast.send', // 群发 to a customer segment
  'export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'service', 'warehouse', 'aftersales', 'finance', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
export type SubRole = Exclude<Role, 'owner'>;

/** What a new sub-account of each role may do until the supervisor changes it. */
export const DEFAULT_PERMISSIONS: Record<SubRole, Permission[]> = {
  service: ['trade.view', 'trade.modify_price', 'trade.close', 'trade.address', 'trade.memo', 'trade.delay_receive', 'payment.offline'],
  warehouse: ['trade.view', 'trade.memo', 'trade.ship', 'trade.address_after_pay', 'refund.goods'],
  aftersales: ['trade.view', 'trade.memo', 'refund.approve', 'trade.delay_receive'],
  finance: ['trade.view', 'export', 'audit.read', 'payment.offline'],
  supervisor: PERMISSIONS.filter((p) => p !== 'setting.manage'),
};

export const DEFAULT_MAX_DISCOUNT_PCT: Record<SubRole, number> = {
  service: 10,
  warehouse: 0,
  aftersales: 0,
  finance: 0,
  supervisor: 30,
};

/** The signed-in shop account, as every use case sees it. */
export interface AccountActor {
  kind: 'account';
  id: number;
  shopId: number;
  login: string;
  role: Role;
  isMain: boolean;
  permissions: readonly string[];
  maxDiscountPct: number;
}
export interface BuyerActor {
  kind: 'buyer';
  id: number;
  nick: string;
}
export interface SystemActor {
  kind: 'system';
  name: string;
}
export type Actor = AccountActor | BuyerActor | SystemActor;

export function can(actor: AccountActor, permission: Permission) {
  return actor.isMain || actor.permissions.includes(permission);
}

export function assertCan(actor: AccountActor, permission: Permission) {
  if (!can(actor, permission)) {
    throw new AppError('PERMISSION_DENIED', 403, `没有权限：${permission}`, `Permission required: ${permission}`, {
      permission,
    });
  }
}

export function actorName(actor: Actor) {
  return actor.kind === 'account' ? actor.login : actor.kind === 'buyer' ? actor.nick : actor.name;
}

/** `demo` is the main account of shop demo; `demo:小美` is its sub-account 小美. */
export function parseLogin(login: string): { shopName: string; subName: string | null } {
  const at = login.indexOf(':');
  if (at < 0) return { shopName: login, subName: null };
  return { shopName: login.slice(0, at), subName: login.slice(at + 1) };
}

export const SHOP_NAME = /^[a-z0-9][a-z0-9-]{1,31}$/;
export const SUB_NAME = /^[^:\s]{1,20}$/u;

export function checkPassword(password: string) {
  if (password.length < 8 || password.length > 128) {
    throw new AppError('WEAK_PASSWORD', 400, '密码须为 8 到 128 个字符', 'A password must be 8 to 128 characters long');
  }
}
