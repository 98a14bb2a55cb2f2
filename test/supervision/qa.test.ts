import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatShop, openAgent, openBuyer, routedTo, say } from '../chat/helpers.ts';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused } from '../trades/helpers.ts';
import { reply } from '../stats/helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const DAY = '2026-11-01';
const ITEMS = [
  { key: 'courtesy', name: '礼貌用语', max_score: 40 },
  { key: 'accuracy', name: '专业准确', max_score: 60, description: '解答准确' },
];

/** A shop whose agent served two buyers in two sessions, each ended. */
async function servedSessions() {
  app.clock.set(new Date('2026-11-01T02:00:00Z'));
  const shop = await chatShop(app);
  const agent = await openAgent(app, shop);
  const lead = await newSubAccount(app, shop, 'supervisor');
  const cids: number[] = [];
  for (const text of ['有货吗', '包邮吗']) {
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, text)).conversation_id;
    await routedTo(shop.owner, cid, { status: 'active', agent_id: agent.id });
    await reply(agent, cid, '亲，有的');
    await ok(agent.client.post(`/api/conversations/${cid}/end`));
    await say(buyer.socket, '谢谢'); // after the session: not part of it
    buyer.socket.close();
    cids.push(cid);
  }
  const { rubric } = await ok(lead.client.post('/api/supervision/qa/rubrics', { name: '售前质检', items: ITEMS }), 201);
  return { shop, agent, lead, cids, rubric };
}

describe('quality inspection (质检)', () => {
  it('checks rubrics and keeps them to supervisors', async () => {
    const { shop, agent, lead, rubric } = await servedSessions();
    expect((await ok(lead.client.get('/api/supervision/qa/rubrics'))).template.length).toBeGreaterThan(0);
    await refused(lead.client.post('/api/supervision/qa/rubrics', { name: '重复', items: [ITEMS[0], ITEMS[0]] }), 400, 'BAD_RUBRIC');
    await refused(lead.client.post('/api/supervision/qa/rubrics', { name: '售前质检', items: ITEMS }), 409, 'QA_RUBRIC_NAME_TAKEN');
    await refused(agent.client.post('/api/supervision/qa/rubrics', { name: '自评', items: ITEMS }), 403, 'PERMISSION_DENIED');
    const edited = await ok(lead.client.patch(`/api/supervision/qa/rubrics/${rubric.id}`, { items: [ITEMS[0]], version: 1 }));
    expect(edited.rubric).toMatchObject({ version: 2, items: [ITEMS[0]] });
    await refused(lead.client.patch(`/api/supervision/qa/rubrics/${rubric.id}`, { active: false, version: 1 }), 409, 'QA_RUBRIC_CHANGED');
    await refused(shop.owner.patch('/api/supervision/qa/rubrics/999999999', { active: false, version: 1 }), 404, 'QA_RUBRIC_NOT_FOUND');
    agent.socket.close();
  });

  it('samples each served session once, scores it by the rubric, and shows the agent the outcome to acknowledge', async () => {
    const { shop, agent, lead, cids, rubric } = await servedSessions();
    const sampled = await ok(lead.client.post('/api/supervision/qa/samples', { rubric_id: rubric.id, from: DAY, to: DAY, count: 10 }), 201);
    expect(sampled.reviews.map((r: any) => r.conversation_id).sort()).toEqual([...cids].sort());
    expect((await ok(lead.client.post('/api/supervision/qa/samples', { rubric_id: rubric.id, from: DAY, to: DAY, count: 10 }), 201)).reviews).toEqual([]);
    const review = sampled.reviews[0];
    expect(review).toMatchObject({ status: 'pending', max_total: 100, agent: { id: agent.id }, session: { from_seq: 2, to_seq: 2 } });

    // The session's messages: the agent's answer only (the buyer's first message waited before it; its thanks came after).
    const detail = await ok(lead.client.get(`/api/supervision/qa/reviews/${review.id}`));
    expect(detail.messages.map((m: any) => m.sender_kind)).toEqual(['agent']);
    // A pending review is not the agent's to read yet.
    await refused(agent.client.get(`/api/supervision/qa/reviews/${review.id}`), 404, 'QA_REVIEW_NOT_FOUND');

    const url = `/api/supervision/qa/reviews/${review.id}/score`;
    await refused(lead.client.post(url, { scores: { courtesy: 30 }, version: 1 }), 400, 'QA_SCORE_MISSING');
    await refused(lead.client.post(url, { scores: { courtesy: 41, accuracy: 50 }, version: 1 }), 400, 'QA_SCORE_OUT_OF_RANGE');
    await refused(lead.client.post(url, { scores: { courtesy: 30, accuracy: 50, speed: 1 }, version: 1 }), 400, 'QA_UNKNOWN_ITEM');
    await refused(agent.client.post(url, { scores: { courtesy: 40, accuracy: 60 }, version: 1 }), 403, 'PERMISSION_DENIED');

    // Two supervisors score at once from the same version: one is kept, the other is told to reload.
    const results = await Promise.all([
      lead.client.post(url, { scores: { courtesy: 35, accuracy: 50 }, item_comments: { accuracy: '尺码说明不完整' }, comment: '整体不错', version: 1 }),
      shop.owner.post(url, { scores: { courtesy: 10, accuracy: 10 }, version: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('QA_REVIEW_CHANGED');
    const kept = results.find((r) => r.status === 200)!.body.review;
    expect(kept).toMatchObject({ status: 'scored', version: 2 });
    expect(await agent.socket.next('qa:reviewed', (e) => e.review.id === review.id)).toMatchObject({ review: { status: 'scored' } });

    // Whoever won, the lead now revises it; the agent reads the scores and comments, and acknowledges.
    const revised = await ok(lead.client.post(url, { scores: { courtesy: 35, accuracy: 50 }, item_comments: { accuracy: '尺码说明不完整' }, comment: '整体不错', version: 2 }));
    expect(revised.review).toMatchObject({ total: 85, comment: '整体不错', reviewer: { id: lead.id } });
    const mine = await ok(agent.client.get('/api/supervision/qa/mine'));
    expect(mine.reviews).toEqual([expect.objectContaining({ id: review.id, total: 85, comment: '整体不错', items: [
      expect.objectContaining({ key: 'courtesy', score: 35, comment: null }),
      expect.objectContaining({ key: 'accuracy', score: 50, comment: '尺码说明不完整' }),
    ] })]);
    expect((await ok(agent.client.get(`/api/supervision/qa/reviews/${review.id}`))).review.total).toBe(85);
    const teammate = await newSubAccount(app, shop, 'service');
    await refused(teammate.client.post(`/api/supervision/qa/reviews/${review.id}/acknowledge`), 403, 'NOT_YOUR_REVIEW');
    await refused(agent.client.post(`/api/supervision/qa/reviews/${sampled.reviews[1].id}/acknowledge`), 409, 'QA_REVIEW_NOT_SCORED');
    const acked = await ok(agent.client.post(`/api/supervision/qa/reviews/${review.id}/acknowledge`));
    expect(acked.review.acknowledged_at).toBeTruthy();

    const pending = await ok(lead.client.get('/api/supervision/qa/reviews?status=pending'));
    expect(pending.reviews.map((r: any) => r.id)).toEqual([sampled.reviews[1].id]);
    const view = await ok(lead.client.get(`/api/supervision/conversations/${review.conversation_id}`));
    expect(view.reviews).toEqual([expect.objectContaining({ id: review.id, status: 'scored', total: 85 })]);
    const audit = await app.ctx.database.db.selectFrom('audit_log').select('action').where('shop_id', '=', shop.shopId)
      .where('action', 'like', 'qa.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['qa.rubric.create', 'qa.sample', 'qa.sample', 'qa.review.score', 'qa.review.score', 'qa.review.acknowledge']);
    agent.socket.close();
  });
});
