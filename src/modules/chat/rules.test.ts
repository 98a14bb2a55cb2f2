import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { checkImage, emojiBody, Outgoing, parsePayload, textBody, TEXT_MAX_CHARS } from './rules.ts';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'none';
};

describe('what a client may send', () => {
  it('accepts each kind with its own fields and nothing else', () => {
    expect(parsePayload(Outgoing, { kind: 'text', client_msg_id: 'a-1', text: 'hi' })).toEqual({ kind: 'text', client_msg_id: 'a-1', text: 'hi' });
    expect(parsePayload(Outgoing, { kind: 'product', client_msg_id: 'a', num_iid: 600000000001 }).kind).toBe('product');
    expect(code(() => parsePayload(Outgoing, { kind: 'text', client_msg_id: 'a', text: 'hi', shop_id: 3 }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, { kind: 'html', client_msg_id: 'a', text: 'hi' }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, { kind: 'text', client_msg_id: 'a b', text: 'hi' }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, { kind: 'trade', client_msg_id: 'a', tid: '3000' }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, 'text'))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, null))).toBe('BAD_PAYLOAD');
  });

  it('keeps text as text: trimmed, control characters dropped, markup untouched, length limited', () => {
    expect(textBody('  <b>你好</b>\u0007 ')).toEqual({ text: '<b>你好</b>' });
    expect(textBody('第一行\n第二行')).toEqual({ text: '第一行\n第二行' });
    expect(textBody('a\ud800b')).toEqual({ text: 'a\ufffdb' });
    expect(code(() => textBody('  \u0000 '))).toBe('EMPTY_MESSAGE');
    expect(code(() => textBody('好'.repeat(TEXT_MAX_CHARS + 1)))).toBe('MESSAGE_TOO_LONG');
    expect(code(() => textBody('好'.repeat(TEXT_MAX_CHARS)))).toBe('none');
  });

  it('knows its expressions', () => {
    expect(emojiBody('微笑')).toEqual({ code: '微笑', char: '🙂' });
    expect(code(() => emojiBody('<img>'))).toBe('UNKNOWN_EMOJI');
  });

  it('takes images by their bytes, within the size limit', () => {
    expect(checkImage({ mime: 'image/png' }, 100)).toBe('image/png');
    expect(code(() => checkImage({ mime: 'image/svg+xml' }, 100))).toBe('UNSUPPORTED_FILE_TYPE');
    expect(code(() => checkImage(undefined, 100))).toBe('UNSUPPORTED_FILE_TYPE');
    expect(code(() => checkImage({ mime: 'image/png' }, 6 * 1024 * 1024))).toBe('FILE_TOO_LARGE');
  });
});
