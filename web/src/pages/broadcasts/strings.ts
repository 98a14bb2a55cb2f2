/** Wording of the broadcasts page (群发), merged into the app's resources under `broadcasts`. */
export const zhCN = {
  broadcasts: {
    title: '群发', new: '新建群发', empty: '还没有群发', more: '加载更多', noPermission: '没有群发权限（broadcast.send）',
    id: '编号', segment: '客户分群', text: '群发内容', status: '状态', progress: '进度', createdBy: '发起人', createdAt: '发起时间',
    finishedAt: '结束时间', rate: '发送速度', ratePerMinute: '每分钟 {{n}} 条', detail: '详情', cancel: '取消群发',
    cancelAsk: '确定取消？尚未发出的客户将不再发送。', cancelled: '已取消群发', counts: '已发 {{sent}} / 共 {{total}}',
    statusName: { sending: '发送中', done: '已完成', cancelled: '已取消' },
    recipientStatus: { all: '全部', pending: '待发送', sent: '已发送', skipped_opt_out: '拒收跳过', failed: '发送失败' },
    reason: { NO_BUYER_ACCOUNT: '该客户在本平台没有账号（导入的客户）', CONVERSATION_REFUSED: '无法发起会话' },
    summary: { total: '客户数', sent: '已发送', skipped_opt_out: '拒收跳过', failed: '失败', pending: '待发送' },
    recipients: '发送明细', nick: '买家', recipientStatusCol: '状态', failReason: '原因', updatedAt: '更新时间',
    conversation: '会话',
    form: {
      title: '新建群发', segment: '发送给', segmentRequired: '请选择客户分群', segmentPlaceholder: '选择已保存的客户分群',
      noSegments: '还没有保存的客户分群，请先在客户管理中按标签、等级或购买记录保存一个分群。', toSegments: '去保存分群',
      reach: '当前共 {{count}} 位客户，其中 {{optedOut}} 位已拒收群发（发送时跳过）', reachNone: '该分群目前没有客户',
      text: '内容', textRequired: '请输入群发内容', textTooLong: '最多 {{max}} 个字',
      textHint: '以店铺名义发到买家的旺旺会话；{买家} 会换成每位买家的昵称（最多 {{max}} 次）。',
      insertNick: '插入 {买家}', preview: '买家看到的样子', previewNick: '买家小王', tooManyNick: '{买家} 最多出现 {{max}} 次',
      rate: '每分钟最多', rateHint: '默认每分钟 {{n}} 条，分批发送，不会刷屏', rateUnit: '条/分钟', submit: '开始发送',
      started: '已开始群发',
    },
  },
};

export const en: typeof zhCN = {
  broadcasts: {
    title: 'Broadcasts', new: 'New broadcast', empty: 'No broadcasts yet', more: 'Load more', noPermission: 'Broadcasting needs the broadcast.send permission',
    id: 'No.', segment: 'Segment', text: 'Text', status: 'Status', progress: 'Progress', createdBy: 'Started by', createdAt: 'Started',
    finishedAt: 'Finished', rate: 'Pace', ratePerMinute: '{{n}} a minute', detail: 'Detail', cancel: 'Cancel',
    cancelAsk: 'Cancel this broadcast? Customers not reached yet will get nothing.', cancelled: 'Broadcast cancelled',
    counts: '{{sent}} of {{total}} sent',
    statusName: { sending: 'Sending', done: 'Done', cancelled: 'Cancelled' },
    recipientStatus: { all: 'All', pending: 'Pending', sent: 'Sent', skipped_opt_out: 'Opted out', failed: 'Failed' },
    reason: { NO_BUYER_ACCOUNT: 'No account on this platform (an imported customer)', CONVERSATION_REFUSED: 'Could not open a chat' },
    summary: { total: 'Customers', sent: 'Sent', skipped_opt_out: 'Opted out', failed: 'Failed', pending: 'Pending' },
    recipients: 'Recipients', nick: 'Buyer', recipientStatusCol: 'Status', failReason: 'Reason', updatedAt: 'Updated',
    conversation: 'Chat',
    form: {
      title: 'New broadcast', segment: 'Send to', segmentRequired: 'Choose a segment', segmentPlaceholder: 'A saved customer segment',
      noSegments: 'No saved segments yet: save one in Customers (by tags, level or purchases) first.', toSegments: 'Save a segment',
      reach: '{{count}} customers now; {{optedOut}} of them refuse broadcasts and are skipped', reachNone: 'The segment has no customers right now',
      text: 'Text', textRequired: 'Write the text', textTooLong: 'At most {{max}} characters',
      textHint: "Sent in the shop's name to each buyer's chat; {买家} becomes the buyer's nick (at most {{max}} times).",
      insertNick: 'Insert {买家}', preview: 'What a buyer reads', previewNick: 'Buyer Wang', tooManyNick: '{买家} may appear at most {{max}} times',
      rate: 'At most', rateHint: '{{n}} a minute by default, in batches, so chats are not flooded', rateUnit: 'a minute', submit: 'Send',
      started: 'Broadcast started',
    },
  },
};
