import { describe, expect, it } from 'vitest';
import { autoReplyFor, checkAutoReplySettings, cleanSimilar, confidence, DEFAULT_AUTO_REPLY, type Suggestion } from './rules.ts';
import { draftMessages, llmProviderFromEnv, openAiCompatibleProvider } from './llm.ts';
import { KnowledgeIndex } from './search-index.ts';
import { analyze } from './text.ts';

const suggestion = (score: number, answer = '满99元包邮'): Suggestion =>
  ({ id: 1, source: 'entry', question: '包邮吗', answer, score, numIid: null });

describe('autoReplyFor', () => {
  const on = { ...DEFAULT_AUTO_REPLY, enabled: true };

  it('stays silent unless the shop turned it on', () => {
    expect(DEFAULT_AUTO_REPLY.enabled).toBe(false);
    expect(autoReplyFor(DEFAULT_AUTO_REPLY, [suggestion(0.99)], 0)).toBeNull();
  });

  it('answers alone when confident, marked as automatic', () => {
    const reply = autoReplyFor(on, [suggestion(0.95), suggestion(0.2, 'x')], 3);
    expect(reply).toMatchObject({ text: '【自动回复】满99元包邮', reason: 'confident', suggestion: { score: 0.95 } });
  });

  it('answers less sure questions only when nobody is online, and never unsure ones', () => {
    expect(autoReplyFor(on, [suggestion(0.8)], 2)).toBeNull();
    expect(autoReplyFor(on, [suggestion(0.8)], 0)).toMatchObject({ reason: 'nobody_online' });
    expect(autoReplyFor({ ...on, whenNobodyOnline: false }, [suggestion(0.8)], 0)).toBeNull();
    expect(autoReplyFor(on, [suggestion(0.5)], 0)).toBeNull();
    expect(autoReplyFor(on, [], 0)).toBeNull();
  });

  it('keeps a mark even when the shop blanks its prefix', () => {
    expect(autoReplyFor({ ...on, prefix: '  ' }, [suggestion(0.95)], 1)?.text).toBe('【自动回复】满99元包邮');
    expect(autoReplyFor({ ...on, prefix: '[机器人]' }, [suggestion(0.95)], 1)?.text).toBe('[机器人]满99元包邮');
  });

  it('refuses a nobody-online threshold above the main one', () => {
    expect(() => checkAutoReplySettings({ ...on, threshold: 0.7, offlineThreshold: 0.8 })).toThrow(/threshold/);
  });
});

describe('confidence', () => {
  it('grows with similarity and margin and stays within 0–1', () => {
    const low = confidence({ similarity: 0.3, margin: 0, coverage: 0.3 });
    const high = confidence({ similarity: 0.9, margin: 0.4, coverage: 0.9 });
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
    expect(high).toBeGreaterThan(0.9);
    expect(low).toBeLessThan(0.5);
    expect(confidence({ similarity: 0.6, margin: -0.2, coverage: 0.6 })).toBeLessThan(confidence({ similarity: 0.6, margin: 0.2, coverage: 0.6 }));
  });
});

describe('cleanSimilar', () => {
  it('trims, drops blanks, repeats and the question itself', () => {
    expect(cleanSimilar('包邮吗', [' 免运费吗 ', '', '包邮吗', '免运费吗', '运费多少'])).toEqual(['免运费吗', '运费多少']);
    expect(() => cleanSimilar('q', Array.from({ length: 51 }, (_, i) => `问法${i}`))).toThrow();
  });
});

describe('Chinese text', () => {
  it('folds the many words for one thing into one, and drops greetings and particles', () => {
    expect(analyze('亲，邮费多少钱呀？？').words).toEqual(['运费', '多少钱']);
    expect(analyze('快递费多少').words).toEqual(['运费', '多少钱']);
    expect(analyze('退货运费谁出').words).toEqual(['退货', '运费', '谁', '出']);
    expect(analyze('７天无理由吗').words).toEqual(['七天无理由']);
  });

  it('keeps pinyin pairs, so homophone typos still meet their word', () => {
    expect(analyze('包油吗').sounds).toEqual(analyze('包邮吗').sounds);
  });
});

describe('KnowledgeIndex', () => {
  const entries = [
    { id: 1, question: '包邮吗', similar: ['运费多少'], answer: '满99包邮', numIid: null },
    { id: 2, question: '可以发顺丰吗', similar: ['顺丰要加钱吗'], answer: '补12元发顺丰', numIid: null },
    { id: 3, question: '怎么洗', similar: [], answer: '这件杯子只能手洗', numIid: 42 },
  ];

  it('finds the entry, corrects homophone typos and keeps the best first', () => {
    const index = new KnowledgeIndex();
    for (const e of entries) index.upsertEntry(e);
    expect(index.suggest('包油吗', { limit: 3 })[0]).toMatchObject({ id: 1, source: 'entry' });
    expect(index.suggest('能发顺风吗', { limit: 3 })[0].id).toBe(2);
    const list = index.suggest('顺丰包邮吗', { limit: 3 });
    expect(list.map((s) => s.score)).toEqual([...list.map((s) => s.score)].sort((a, b) => b - a));
    expect(index.suggest('哈哈', { limit: 3 })).toEqual([]);
  });

  it('follows changes and removals', () => {
    const index = new KnowledgeIndex();
    for (const e of entries) index.upsertEntry(e);
    index.upsertEntry({ ...entries[0], answer: '全场包邮' });
    expect(index.suggest('包邮吗', { limit: 1 })[0].answer).toBe('全场包邮');
    index.removeEntry(1);
    expect(index.suggest('包邮吗', { limit: 3 }).map((s) => s.id)).not.toContain(1);
    expect(index.entryCount).toBe(2);
  });

  it("shows a product's own answers for that product only, and its knowledge fields", () => {
    const index = new KnowledgeIndex();
    for (const e of entries) index.upsertEntry(e);
    index.upsertProduct({ numIid: 42, title: '陶瓷马克杯', fields: { material: '高温陶瓷', care: '可以放洗碗机' } });
    index.upsertProduct({ numIid: 43, title: '不锈钢保温杯', fields: { material: '316不锈钢' } });
    expect(index.suggest('怎么洗', { numIid: 42, limit: 3 })[0]).toMatchObject({ id: 3 });
    expect(index.suggest('怎么洗', { numIid: 43, limit: 3 }).map((s) => s.id)).not.toContain(3);
    const material = index.suggest('这是什么材质', { numIid: 43, limit: 1 })[0];
    expect(material).toMatchObject({ id: '43:material', source: 'product', field: 'material', numIid: 43 });
    expect(material.answer).toContain('316不锈钢');
    expect(index.suggest('保温杯是什么材质的', { limit: 1 })[0].id).toBe('43:material');
  });
});

describe('the language model provider', () => {
  it('is off unless configured', () => {
    expect(llmProviderFromEnv({})).toBeUndefined();
    expect(llmProviderFromEnv({ XIAOER_LLM_URL: 'http://127.0.0.1:9/v1', XIAOER_LLM_MODEL: 'm' })?.model).toBe('m');
  });

  it('speaks the OpenAI chat-completions protocol', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const provider = openAiCompatibleProvider({
      url: 'http://127.0.0.1:9/v1/', key: 'k', model: 'qwen',
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ choices: [{ message: { content: ' 亲，满99包邮哦 ' } }] }));
      }) as unknown as typeof fetch,
    });
    const messages = draftMessages('包邮吗', [suggestion(0.9)]);
    expect(messages[0].content).toContain('满99元包邮');
    expect(await provider.complete(messages)).toBe('亲，满99包邮哦');
    expect(calls[0].url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer k');
    expect(JSON.parse(String(calls[0].init.body))).toMatchObject({ model: 'qwen', messages });
  });

  it('turns failures into an AppError', async () => {
    const provider = openAiCompatibleProvider({ url: 'http://127.0.0.1:9', model: 'm',
      fetch: (async () => new Response('nope', { status: 500 })) as unknown as typeof fetch });
    await expect(provider.complete([])).rejects.toMatchObject({ code: 'LLM_FAILED', status: 502 });
  });
});
