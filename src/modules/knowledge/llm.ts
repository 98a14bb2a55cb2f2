import { AppError } from '../../errors.ts';
import type { Suggestion } from './rules.ts';

/**
 * An optional language model that drafts an answer from the shop's own knowledge. Xiaoer works fully without one:
 * it is enabled only when XIAOER_LLM_URL and XIAOER_LLM_MODEL are set, and speaks the OpenAI chat-completions
 * protocol, which most hosted and local model servers offer.
 */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmProvider {
  readonly model: string;
  complete(messages: LlmMessage[], opts?: { maxTokens?: number }): Promise<string>;
}

export interface OpenAiCompatibleOptions {
  /** Base URL, e.g. https://host/v1; `/chat/completions` is appended. */
  url: string;
  key?: string;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const llmFailed = (why: string) =>
  new AppError('LLM_FAILED', 502, `语言模型服务出错：${why}`, `The language model service failed: ${why}`);

export function openAiCompatibleProvider(o: OpenAiCompatibleOptions): LlmProvider {
  const doFetch = o.fetch ?? fetch;
  const endpoint = `${o.url.replace(/\/+$/, '')}/chat/completions`;
  return {
    model: o.model,
    async complete(messages, opts = {}) {
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(o.key ? { authorization: `Bearer ${o.key}` } : {}) },
          body: JSON.stringify({ model: o.model, messages, temperature: 0.2, max_tokens: opts.maxTokens ?? 400 }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw llmFailed((err as Error).message);
      }
      if (!res.ok) throw llmFailed(`HTTP ${res.status}`);
      const body = (await res.json().catch(() => undefined)) as { choices?: { message?: { content?: unknown } }[] } | undefined;
      const text = body?.choices?.[0]?.message?.content;
      if (typeof text !== 'string' || !text.trim()) throw llmFailed('empty answer');
      return text.trim();
    },
  };
}

/** The provider the environment configures, or undefined (the usual case). */
export function llmProviderFromEnv(env: NodeJS.ProcessEnv = process.env): LlmProvider | undefined {
  const url = env.XIAOER_LLM_URL?.trim();
  const model = env.XIAOER_LLM_MODEL?.trim();
  if (!url || !model) return undefined;
  return openAiCompatibleProvider({ url, model, key: env.XIAOER_LLM_KEY?.trim() || undefined });
}

/** Keeps the model to the shop's answers, so it rephrases what the shop says rather than inventing policy. */
export function draftMessages(question: string, knowledge: readonly Suggestion[]): LlmMessage[] {
  const facts = knowledge.map((s, i) => `${i + 1}. 问：${s.question}\n   答：${s.answer}`).join('\n');
  return [
    {
      role: 'system',
      content: '你是网店的客服助手。只根据下面的店铺知识回答买家，语气亲切、简短，用“亲”称呼买家；'
        + '知识里没有的内容不要编造，回答“这个问题我帮您转给人工客服确认一下”。\n店铺知识：\n' + (facts || '（无）'),
    },
    { role: 'user', content: question },
  ];
}

export async function draftAnswer(provider: LlmProvider, question: string, knowledge: readonly Suggestion[]) {
  return provider.complete(draftMessages(question, knowledge.slice(0, 5)));
}
