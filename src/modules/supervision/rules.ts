import { AppError } from '../../errors.ts';

/** Supervision (SPEC §12): who may supervise, the live board's shape, and quality inspection (质检) by rubric. */

export interface Supervisor {
  id: number;
  role: string;
  isMain: boolean;
  permissions: readonly string[];
}

/** The owner and supervisors (挂起审批, suspend.approve, is the supervisor's permission across Xiaoer). */
export const supervises = (a: Supervisor) => a.isMain || a.role === 'supervisor' || a.permissions.includes('suspend.approve');

export const notSupervisor = () =>
  new AppError('PERMISSION_DENIED', 403, '只有主管或主账号可以监控与质检', 'Only a supervisor or the main account supervises', { permission: 'suspend.approve' });

// ——— the live board ———

export interface BoardAgentRow {
  account_id: number;
  login: string;
  name: string;
  role: string;
  status: string;
  reception_limit: number;
  status_changed_at: Date;
  active: number;
  waiting_since: Date | null;
  waiting_conversation_id: number | null;
}

export interface BoardConversationRow {
  id: number;
  buyer_nick: string;
  agent_id: number | null;
  status: string;
  situation: string | null;
  assigned_at: Date | null;
  queued_at: Date | null;
  last_message_at: Date | null;
  waiting_since: Date | null;
}

const seconds = (since: Date | null, now: Date) => (since ? Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 1000)) : null);

/**
 * The board as a supervisor sees it: each agent's status and load (active ÷ limit), the buyer who has waited longest
 * for that agent's answer, the queue, and every conversation in progress. Times are given as instants (`*_since`)
 * so a screen counts them up by itself; the seconds beside them are as of `now`.
 */
export function presentBoard(agents: BoardAgentRow[], conversations: BoardConversationRow[], now: Date) {
  const queued = conversations.filter((c) => c.status === 'queued');
  const waiting = conversations.filter((c) => c.status === 'waiting');
  const oldest = (list: BoardConversationRow[]) => list.reduce<Date | null>((m, c) => (c.queued_at && (!m || c.queued_at < m) ? c.queued_at : m), null);
  return {
    generated_at: now,
    agents: agents.map((a) => ({
      account_id: a.account_id, login: a.login, name: a.name, role: a.role, status: a.status, status_since: a.status_changed_at,
      reception_limit: a.reception_limit, active: a.active,
      load: a.reception_limit > 0 ? Math.round((a.active / a.reception_limit) * 100) / 100 : null,
      longest_wait: a.waiting_since
        ? { conversation_id: a.waiting_conversation_id, since: a.waiting_since, seconds: seconds(a.waiting_since, now) }
        : null,
    })),
    queue: {
      queued: queued.length, waiting: waiting.length,
      oldest_queued_since: oldest(queued), longest_queue_wait_s: seconds(oldest(queued), now),
      oldest_waiting_since: oldest(waiting), longest_message_wait_s: seconds(oldest(waiting), now),
    },
    conversations: conversations.map((c) => ({
      id: c.id, buyer_nick: c.buyer_nick, agent_id: c.agent_id, status: c.status, situation: c.situation, assigned_at: c.assigned_at,
      queued_at: c.queued_at, last_message_at: c.last_message_at, waiting_since: c.waiting_since, wait_s: seconds(c.waiting_since, now),
    })),
  };
}
export type Board = ReturnType<typeof presentBoard>;

/** What changed on the board, leaving out the clock: a board is pushed again only when something happened. */
export const boardFingerprint = (b: Board) => JSON.stringify({ a: b.agents.map(({ longest_wait, ...a }) => ({ ...a, w: longest_wait?.since ?? null })),
  q: { ...b.queue, longest_queue_wait_s: 0, longest_message_wait_s: 0 }, c: b.conversations.map(({ wait_s: _w, ...c }) => c) });

// ——— quality inspection (质检) ———

export interface RubricItem {
  key: string;
  name: string;
  max_score: number;
  description?: string;
}

export const RUBRIC_KEY = /^[a-z][a-z0-9_]{0,29}$/;
export const RUBRIC_LIMITS = { items: 20, maxScore: 100 } as const;

/** The rubric a shop starts from: the seeds' service rules (courtesy, speed, accuracy, selling, norms), 100 points. */
export const TEMPLATE_RUBRIC: RubricItem[] = [
  { key: 'courtesy', name: '礼貌用语', max_score: 20, description: '问候、称呼、致谢，语气亲切耐心' },
  { key: 'speed', name: '响应及时', max_score: 20, description: '首次响应快，不让买家久等' },
  { key: 'accuracy', name: '专业准确', max_score: 30, description: '商品知识、交易规则、物流解答准确' },
  { key: 'selling', name: '促成交易', max_score: 20, description: '主动推荐、核对地址、引导付款' },
  { key: 'norms', name: '服务规范', max_score: 10, description: '不承诺做不到的事，不泄露买家信息' },
];

export function checkRubric(items: RubricItem[]): RubricItem[] {
  if (!items.length || items.length > RUBRIC_LIMITS.items) {
    throw new AppError('BAD_RUBRIC', 400, `评分项须为 1 到 ${RUBRIC_LIMITS.items} 项`, `A rubric has 1 to ${RUBRIC_LIMITS.items} items`);
  }
  const keys = new Set<string>();
  for (const it of items) {
    if (!RUBRIC_KEY.test(it.key) || keys.has(it.key)) {
      throw new AppError('BAD_RUBRIC', 400, `评分项标识无效或重复：${it.key}`, `Item keys are unique, lower-case letters, digits and _: ${it.key}`, { key: it.key });
    }
    keys.add(it.key);
    if (!Number.isInteger(it.max_score) || it.max_score < 1 || it.max_score > RUBRIC_LIMITS.maxScore) {
      throw new AppError('BAD_RUBRIC', 400, '每项满分须为 1 到 100 的整数', 'Each item scores a whole number from 1 to 100', { key: it.key });
    }
  }
  return items;
}

export const maxTotal = (items: RubricItem[]) => items.reduce((s, i) => s + i.max_score, 0);

/** A score for each item of the rubric, none missing, none extra, each from 0 to its maximum. */
export function checkScores(items: RubricItem[], scores: Record<string, number>, comments: Record<string, string> = {}) {
  for (const it of items) {
    const v = scores[it.key];
    if (v === undefined) {
      throw new AppError('QA_SCORE_MISSING', 400, `请为「${it.name}」打分`, `Score every item: ${it.key} is missing`, { key: it.key });
    }
    if (!Number.isInteger(v) || v < 0 || v > it.max_score) {
      throw new AppError('QA_SCORE_OUT_OF_RANGE', 400, `「${it.name}」的得分须为 0 到 ${it.max_score} 的整数`,
        `${it.key} scores a whole number from 0 to ${it.max_score}`, { key: it.key, max_score: it.max_score });
    }
  }
  for (const key of [...Object.keys(scores), ...Object.keys(comments)]) {
    if (!items.some((i) => i.key === key)) {
      throw new AppError('QA_UNKNOWN_ITEM', 400, `评分表中没有此项：${key}`, `No such item in the rubric: ${key}`, { key });
    }
  }
  return { total: items.reduce((s, i) => s + scores[i.key], 0), max: maxTotal(items) };
}

/** A review moves pending → scored; a scored review may be scored again (revised) and acknowledged by its agent. */
export type ReviewStatus = 'pending' | 'scored';
export function checkAcknowledge(review: { status: ReviewStatus; agent_id: number }, actorId: number) {
  if (review.agent_id !== actorId) {
    throw new AppError('NOT_YOUR_REVIEW', 403, '只能确认自己的质检结果', 'Only the agent reviewed may acknowledge it');
  }
  if (review.status !== 'scored') {
    throw new AppError('QA_REVIEW_NOT_SCORED', 409, '质检尚未评分', 'The review has not been scored yet');
  }
}
