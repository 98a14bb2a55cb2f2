import { Tag } from 'antd';

/** The variables a phrase may hold, filled when it is used (the server's list, in its order). */
export const REPLY_VARIABLES = ['买家', '订单号', '运单号', '客服'] as const;
export const REPLY_LIMITS = { code: 20, text: 500, groupName: 20 };
export const CODE_PATTERN = /^[A-Za-z0-9/]+$/;

const SPLIT = new RegExp(`(\\{(?:${REPLY_VARIABLES.join('|')})\\})`);

/** A phrase as text, its variables marked so they stand out; nothing in it is read as markup. */
export function ReplyText({ text }: { text: string }) {
  return (
    <span className="xe-pre">
      {text.split(SPLIT).map((part, i) => (i % 2 === 1
        ? <Tag key={i} color="blue" bordered={false} style={{ marginInline: 1, paddingInline: 3 }}>{part}</Tag>
        : part))}
    </span>
  );
}
