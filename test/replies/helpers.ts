import { expect } from 'vitest';
import type { Client } from '../support/client.ts';
import { newShop, newSubAccount, ok } from '../support/factories.ts';
import type { TestApp } from '../support/harness.ts';

type Res = { status: number; body: any };

/** A refusal as every client sees it: the status, a stable code, and a message in Chinese and in English. */
export async function refused(promise: Promise<Res>, status: number, code: string) {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ code, message: expect.any(String), message_en: expect.any(String) });
  return res.body;
}

export const del = (c: Client, url: string) => c.request('DELETE', url);

/** A shop with a customer-service agent, a second one, and a supervisor (who holds replies.manage by default). */
export async function team(app: TestApp) {
  const shop = await newShop(app);
  return {
    shop,
    agent: await newSubAccount(app, shop, 'service'),
    other: await newSubAccount(app, shop, 'service'),
    supervisor: await newSubAccount(app, shop, 'supervisor'),
  };
}

export async function addGroup(client: Client, scope: 'team' | 'personal', name: string) {
  return (await ok(client.post('/api/replies/groups', { scope, name }), 201)).group as { id: number; scope: string; name: string };
}

export async function addReply(client: Client, body: { scope: 'team' | 'personal'; group_id: number; code?: string | null; text: string; sort_order?: number }) {
  return (await ok(client.post('/api/replies', body), 201)).reply as { id: number; code: string | null; text: string; used: number };
}

export async function list(client: Client, query = '') {
  return ok(client.get(`/api/replies${query}`)) as Promise<{
    groups: { id: number; scope: string; name: string; replies: { id: number; code: string | null; text: string; used: number; scope: string }[] }[];
    replies: { id: number; group_id: number; group_name: string; code: string | null; text: string; used: number; scope: string }[];
    total: number; variables: string[]; can_manage_team: boolean;
  }>;
}
