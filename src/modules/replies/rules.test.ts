import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { AccountActor } from '../accounts/index.ts';
import { formatReplyCsv, parseReplyCsv } from './csv.ts';
import { assertCanEdit, checkCode, checkImportRows, checkText, DEFAULT_GROUP, fillVariables, likePattern } from './rules.ts';

const agent = (over: Partial<AccountActor> = {}): AccountActor => ({
  kind: 'account', id: 7, shopId: 1, login: 'demo:小美', role: 'service', isMain: false, permissions: [], maxDiscountPct: 10, ...over,
});

describe('fillVariables', () => {
  it('fills every variable, as often as it appears', () => {
    const r = fillVariables('{买家}您好，我是{客服}。订单{订单号}已发出，运单号{运单号}。祝{买家}购物愉快', {
      buyer: '买家小王', tid: 3000000000001, outSid: 'ZT1234567890', agent: '小美',
    });
    expect(r).toEqual({
      text: '买家小王您好，我是小美。订单3000000000001已发出，运单号ZT1234567890。祝买家小王购物愉快', missing: [],
    });
  });

  it('leaves a variable without a value in place and lists it once, in the order of the list', () => {
    const r = fillVariables('运单号{运单号}，订单{订单号}，再说一次{运单号}', { buyer: '小李', tid: 42, outSid: null });
    expect(r.text).toBe('运单号{运单号}，订单42，再说一次{运单号}');
    expect(r.missing).toEqual(['运单号']);
    expect(fillVariables('{客服}为您服务', {}).missing).toEqual(['客服']);
  });

  it('leaves other braces and text alone', () => {
    expect(fillVariables('{买家名} {} {客服 } $& {{买家}}', { buyer: '$1', agent: 'a' }))
      .toEqual({ text: '{买家名} {} {客服 } $& {$1}', missing: [] });
    expect(fillVariables('在的亲', {})).toEqual({ text: '在的亲', missing: [] });
  });
});

describe('checks', () => {
  it('takes codes of letters, digits and / up to 20 characters; blank is no code', () => {
    expect(checkCode(' /hi ')).toEqual({ code: '/hi' });
    expect(checkCode('/ship2')).toEqual({ code: '/ship2' });
    expect(checkCode('')).toEqual({ code: null });
    expect(checkCode(null)).toEqual({ code: null });
    expect(checkCode('/'.padEnd(20, 'a'))).toEqual({ code: '/'.padEnd(20, 'a') });
    for (const bad of ['/'.padEnd(21, 'a'), '/你好', '/a b', '/a-b', '#1']) {
      expect(checkCode(bad), bad).toMatchObject({ problem: { code: 'REPLY_CODE_INVALID' } });
    }
  });

  it('takes texts of 1 to 500 characters, counted as characters', () => {
    expect(checkText('  亲在的  ')).toEqual({ text: '亲在的' });
    expect(checkText('好'.repeat(500))).toEqual({ text: '好'.repeat(500) });
    expect(checkText('😀'.repeat(500))).toEqual({ text: '😀'.repeat(500) });
    expect(checkText('好'.repeat(501))).toMatchObject({ problem: { code: 'REPLY_TEXT_TOO_LONG' } });
    expect(checkText('   ')).toMatchObject({ problem: { code: 'REPLY_TEXT_EMPTY', message: expect.any(String), message_en: expect.any(String) } });
  });

  it('lets team phrases be changed with replies.manage or by the main account, personal ones by their owner only', () => {
    expect(() => assertCanEdit(agent(), null)).toThrow(AppError);
    expect(() => assertCanEdit(agent({ permissions: ['replies.manage'] }), null)).not.toThrow();
    expect(() => assertCanEdit(agent({ isMain: true, role: 'owner' }), null)).not.toThrow();
    expect(() => assertCanEdit(agent(), 7)).not.toThrow();
    expect(() => assertCanEdit(agent({ isMain: true }), 8)).toThrow(AppError);
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('100%_off\\')).toBe('%100\\%\\_off\\\\%');
  });
});

describe('checkImportRows', () => {
  it('keeps good rows, reports bad ones by line, keeps the first row of a repeated code', () => {
    const { good, skipped } = checkImportRows([
      { line: 2, group: '问候', code: '/hi', text: '亲，在的' },
      { line: 3, group: '问候', code: '/bad code', text: 'x' },
      { line: 4, group: '', code: '', text: '好的亲' },
      { line: 5, group: '物流', code: '/hi', text: '重复' },
      { line: 6, group: '物流', code: '/wl', text: '' },
      { line: 7, group: '超'.repeat(21), code: '/g', text: '组名太长' },
    ]);
    expect(good).toEqual([
      { line: 2, group: '问候', code: '/hi', text: '亲，在的' },
      { line: 4, group: DEFAULT_GROUP, code: null, text: '好的亲' },
    ]);
    expect(skipped.map((s) => [s.line, s.code])).toEqual([
      [3, 'REPLY_CODE_INVALID'], [5, 'REPLY_CODE_REPEATED'], [6, 'REPLY_TEXT_EMPTY'], [7, 'REPLY_GROUP_NAME_INVALID'],
    ]);
    expect(skipped[1].message).toContain('第 2 行');
  });
});

describe('CSV', () => {
  it('reads rows with their lines, with or without a header, quoted commas and new lines included', () => {
    const csv = '\ufeffgroup,code,text\n问候,/hi,"亲，在的,请问"\n\n物流,/wl,"第一行\n第二行"\n售后,,退换货请联系我们\n';
    expect(parseReplyCsv(csv)).toEqual([
      { line: 2, group: '问候', code: '/hi', text: '亲，在的,请问' },
      { line: 5, group: '物流', code: '/wl', text: '第一行\n第二行' },
      { line: 6, group: '售后', code: '', text: '退换货请联系我们' },
    ]);
    expect(parseReplyCsv('问候,/hi,亲在的')).toEqual([{ line: 1, group: '问候', code: '/hi', text: '亲在的' }]);
    expect(parseReplyCsv('内容,快捷编码\n亲在的,/hi')).toEqual([{ line: 2, text: '亲在的', code: '/hi' }]);
    expect(parseReplyCsv('')).toEqual([]);
  });

  it('refuses a text that is not CSV', () => {
    expect(() => parseReplyCsv('a,b,"open quote\nc,d')).toThrow(expect.objectContaining({ code: 'REPLY_CSV_INVALID' }));
  });

  it('writes what it reads', () => {
    const rows = [{ group: '问候', code: '/hi', text: '亲，"在的"' }, { group: '物流', code: null, text: '两行\n文字' }];
    const csv = formatReplyCsv(rows);
    expect(csv.startsWith('\ufeffgroup,code,text\n')).toBe(true);
    expect(parseReplyCsv(csv)).toEqual([
      { line: 2, group: '问候', code: '/hi', text: '亲，"在的"' },
      { line: 4, group: '物流', code: '', text: '两行\n文字' },
    ]);
  });
});
