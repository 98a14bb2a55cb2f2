/** Wording of the team board and quality inspection (质检), merged into the app's resources under `supervision`. */
export const zhCN = {
  supervision: {
    title: '团队看板', tabs: { board: '实时看板', qa: '质检' },
    connection: { connecting: '连接中', online: '实时更新中', offline: '连接已断开，正在重连' },
    queue: {
      queued: '排队中', waiting: '留言待接', longestQueue: '最长排队', longestMessage: '最长留言等待', inProgress: '进行中会话',
      agentsOnline: '在线客服',
    },
    agents: {
      title: '客服状态', name: '客服', status: '状态', since: '持续', load: '接待量', longestWait: '等待最久的买家', none: '无',
      view: '查看', noAgents: '还没有客服账号',
    },
    conversations: {
      title: '进行中的会话', buyer: '买家', agent: '接待客服', status: '状态', wait: '买家已等待', assignedAt: '接入时间',
      lastMessage: '最后消息', none: '当前没有进行中的会话', view: '查看', unassigned: '未分配',
    },
    conversationStatus: { active: '接待中', queued: '排队中', waiting: '留言', new: '新会话', ended: '已结束' },
    situation: { presales: '售前', unshipped: '未发货', aftersales: '售后' },
    via: { recent: '最近联系人', group: '分组分配', shop: '店铺分配', transfer: '转接', reassign: '主管改派', claim: '主动接入' },
    view: {
      title: '会话记录 · {{buyer}}', readOnly: '只读', status: '状态', created: '开始时间', lastMessage: '最后消息', agent: '客服',
      via: '接入方式', assignedAt: '接入', endedAt: '结束', serving: '接待中', messages: '消息序号', note: '备注',
      noAssignments: '尚无客服接待', ratings: '买家评价', reviews: '质检', noMessages: '暂无消息',
    },
    duration: { s: '{{n}} 秒', m: '{{m}} 分 {{s}} 秒', h: '{{h}} 小时 {{m}} 分' },
    qa: {
      rubric: '评分表', noRubric: '还没有评分表', createTemplate: '用模板创建评分表', templateName: '服务质检评分表', created: '评分表已创建',
      items: '评分项', fullMarks: '满分 {{n}}', sample: '抽样', sampleRange: '会话日期', sampleCount: '数量', sampleAgent: '客服',
      anyAgent: '全部客服', sampled: '已抽取 {{n}} 个会话', sampledNone: '这段时间没有可抽取的会话（已结束且客服回复过、尚未质检）',
      reviews: '质检记录', filter: '状态', all: '全部', status: { pending: '待评分', scored: '已评分' }, id: '编号',
      buyer: '买家', agent: '客服', session: '会话时间', total: '得分', reviewer: '评分人', scoredAt: '评分时间', sampledAt: '抽样时间',
      acknowledged: '客服已确认', notAcknowledged: '客服未确认', open: '评分', view: '查看', none: '还没有质检记录',
      score: '打分', itemComment: '该项评语', comment: '总评', commentHint: '客服会看到评分和评语', submit: '提交评分',
      scoredOk: '已提交评分', maxHint: '0 – {{max}} 分', scoreRequired: '请打分', conversation: '会话内容',
      openConversation: '完整会话',
    },
    mine: {
      menu: '我的质检', title: '我的质检结果', none: '还没有质检结果', acknowledge: '确认已读', acknowledged: '已确认',
      acknowledgedAt: '确认于 {{at}}', ackOk: '已确认', reviewer: '评分人', comment: '总评', items: '各项得分', view: '查看会话',
      unread: '待确认 {{n}} 条',
    },
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const en: Shape<typeof zhCN> = {
  supervision: {
    title: 'Team board', tabs: { board: 'Live board', qa: 'Quality' },
    connection: { connecting: 'Connecting', online: 'Live', offline: 'Disconnected, reconnecting' },
    queue: {
      queued: 'In queue', waiting: 'Left messages', longestQueue: 'Longest in queue', longestMessage: 'Longest message wait',
      inProgress: 'Chats in progress', agentsOnline: 'Agents online',
    },
    agents: {
      title: 'Agents', name: 'Agent', status: 'Status', since: 'For', load: 'Load', longestWait: 'Buyer waiting longest', none: 'None',
      view: 'View', noAgents: 'No agents yet',
    },
    conversations: {
      title: 'Chats in progress', buyer: 'Buyer', agent: 'Agent', status: 'Status', wait: 'Buyer waiting', assignedAt: 'Taken',
      lastMessage: 'Last message', none: 'No chats in progress', view: 'View', unassigned: 'Unassigned',
    },
    conversationStatus: { active: 'Served', queued: 'Queued', waiting: 'Left message', new: 'New', ended: 'Ended' },
    situation: { presales: 'Pre-sales', unshipped: 'Unshipped', aftersales: 'After-sales' },
    via: { recent: 'Recent contact', group: 'Group', shop: 'Shop', transfer: 'Transfer', reassign: 'Reassigned', claim: 'Claimed' },
    view: {
      title: 'Chat · {{buyer}}', readOnly: 'Read-only', status: 'Status', created: 'Started', lastMessage: 'Last message', agent: 'Agent',
      via: 'Via', assignedAt: 'Taken', endedAt: 'Ended', serving: 'Serving', messages: 'Messages', note: 'Note',
      noAssignments: 'Not served yet', ratings: 'Ratings', reviews: 'Reviews', noMessages: 'No messages',
    },
    duration: { s: '{{n}} s', m: '{{m}} min {{s}} s', h: '{{h}} h {{m}} min' },
    qa: {
      rubric: 'Rubric', noRubric: 'No rubric yet', createTemplate: 'Create one from the template', templateName: 'Service quality', created: 'Rubric created',
      items: 'Items', fullMarks: 'out of {{n}}', sample: 'Sample', sampleRange: 'Chat days', sampleCount: 'How many', sampleAgent: 'Agent',
      anyAgent: 'Any agent', sampled: '{{n}} chats sampled', sampledNone: 'Nothing to sample in these days (ended chats the agent answered, not reviewed yet)',
      reviews: 'Reviews', filter: 'Status', all: 'All', status: { pending: 'To score', scored: 'Scored' }, id: 'No.',
      buyer: 'Buyer', agent: 'Agent', session: 'Chat', total: 'Score', reviewer: 'Reviewer', scoredAt: 'Scored', sampledAt: 'Sampled',
      acknowledged: 'Acknowledged', notAcknowledged: 'Not acknowledged', open: 'Score', view: 'View', none: 'No reviews yet',
      score: 'Score', itemComment: 'Comment on this item', comment: 'Overall comment', commentHint: 'The agent sees the scores and comments',
      submit: 'Submit scores', scoredOk: 'Scores submitted', maxHint: '0 – {{max}}', scoreRequired: 'Give a score', conversation: 'The chat',
      openConversation: 'Whole chat',
    },
    mine: {
      menu: 'My reviews', title: 'My quality reviews', none: 'No reviews yet', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged',
      acknowledgedAt: 'Acknowledged {{at}}', ackOk: 'Acknowledged', reviewer: 'Reviewer', comment: 'Comment', items: 'Scores', view: 'View chat',
      unread: '{{n}} to acknowledge',
    },
  },
};
