/** Wording of the statistics pages (绩效与销售统计), merged into the app's resources under `stats`. */
export const zhCN = {
  stats: {
    menu: '绩效统计', title: '绩效与销售统计',
    tabs: { agents: '客服绩效', shop: '销售统计', kpi: '月度考核', leaderboard: '排行榜' },
    range: { today: '今天', yesterday: '昨天', last7: '近 7 天', last30: '近 30 天', thisMonth: '本月', lastMonth: '上月' },
    team: '团队合计', mine: '我的数据', agent: '客服', login: '账号', total: '合计', none: '—', export: '导出 CSV',
    clickHint: '点击数字查看对应的会话或订单', definition: '口径', loading: '加载中…',
    charts: {
      trend: '趋势', trendOf: '对象', teamAll: '全体客服', metrics: '指标', compare: '客服对比', funnel: '询单转化漏斗',
      funnelHint: '咨询 → 接待 → 询单 → 下单 → 付款（人数）', noData: '这段时间没有数据',
    },
    shop: {
      totals: '区间合计', byDay: '每日销售', byProduct: '商品销售', day: '日期', product: '宝贝', numIid: '商品 ID',
      trades: '下单笔数', paidTrades: '付款笔数', sales: '销售额', agentSales: '客服销售额', silentSales: '静默销售额',
      orderedBuyers: '下单买家', paidBuyers: '付款买家', items: '件数', avgOrderValue: '客单价', refunded: '退款笔数',
      refundFee: '退款金额', refundRate: '退款率',
      defs: {
        trades: '区间内下单的交易笔数（不论是否付款）', paidTrades: '区间内付款的交易笔数', sales: '区间内付款交易的实付金额之和',
        agentSales: '付款交易中归属客服的实付金额之和', orderedBuyers: '区间内下过单的买家（每位买家只计一次）',
        paidBuyers: '区间内付过款的买家（每位买家只计一次）', items: '付款交易的商品件数（付款前关闭的子订单除外）',
        avgOrderValue: '销售额 ÷ 付款买家数', refunded: '区间内付款、之后退款成功的交易笔数',
        refundFee: '这些交易退款成功的金额', refundRate: '退款笔数 ÷ 付款笔数',
        productSales: '子订单金额之和（运费计在交易上，不计入商品）',
      },
    },
    kpi: {
      month: '考核月份', scores: '绩效得分', score: '得分', parts: '各项达成', noTargets: '本月还没有设置考核目标',
      targets: '考核目标与权重', metric: '指标', target: '目标值', weight: '权重', add: '添加指标', save: '保存目标',
      saved: '考核目标已保存', weightHint: '权重 1–100，得分 = 各项达成率（封顶 100%）按权重加权平均 × 100',
      lowerBetter: '越低越好：达成率 = 目标 ÷ 实际', readOnly: '只有主管或主账号可以设置考核目标', achievement: '达成率',
      actual: '实际', metricRequired: '请选择指标', targetRequired: '请输入目标值', weightRequired: '请输入权重',
      settings: '询单归属', rule: '归属规则', days: '归属窗口（天）', saveSettings: '保存归属设置', settingsSaved: '归属设置已保存',
      settingsHint: '交易归属给窗口内最后接待该买家的客服；修改只影响之后发生的数据。',
      rules: { order_first: '下单优先', payment: '付款', order: '下单' },
    },
    leaderboard: { metric: '排名指标', rank: '名次', value: '数值' },
    drill: {
      title: '{{figure}} · 明细', agentAll: '全体客服', truncated: '只显示前 500 条', conversation: '会话', view: '查看会话',
      day: '日期', buyer: '买家', agent: '客服', buyerMsgs: '买家消息', agentMsgs: '客服消息', firstResponse: '首次响应',
      avgResponse: '平均响应', inquiry: '询单', converted: '已转化', received: '已接待', notReceived: '未回复', paid: '付款笔数',
      tid: '订单编号', status: '状态', payment: '实付款', items: '件数', payTime: '付款时间', created: '下单时间',
      refunded: '已退款', silent: '无归属', score: '评分', comment: '评价内容', at: '时间', count: '共 {{n}} 条',
      seconds: '{{n}} 秒',
    },
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const en: Shape<typeof zhCN> = {
  stats: {
    menu: 'Performance', title: 'Performance and sales',
    tabs: { agents: 'Agents', shop: 'Sales', kpi: 'Monthly KPI', leaderboard: 'Leaderboard' },
    range: { today: 'Today', yesterday: 'Yesterday', last7: 'Last 7 days', last30: 'Last 30 days', thisMonth: 'This month', lastMonth: 'Last month' },
    team: 'Team total', mine: 'My figures', agent: 'Agent', login: 'Account', total: 'Total', none: '—', export: 'Export CSV',
    clickHint: 'Click a number to see the chats or trades behind it', definition: 'Definition', loading: 'Loading…',
    charts: {
      trend: 'Trend', trendOf: 'Of', teamAll: 'Whole team', metrics: 'Figures', compare: 'Agents compared', funnel: 'Inquiry funnel',
      funnelHint: 'Wrote → received → asked → ordered → paid (buyers)', noData: 'No data in this period',
    },
    shop: {
      totals: 'Over the period', byDay: 'Sales per day', byProduct: 'Sales per product', day: 'Day', product: 'Item', numIid: 'Item ID',
      trades: 'Trades placed', paidTrades: 'Trades paid', sales: 'Sales', agentSales: 'Agent sales', silentSales: 'Silent sales',
      orderedBuyers: 'Buyers who ordered', paidBuyers: 'Buyers who paid', items: 'Items', avgOrderValue: 'Sales per buyer',
      refunded: 'Trades refunded', refundFee: 'Refunded', refundRate: 'Refund rate',
      defs: {
        trades: 'Trades placed in the period, paid or not', paidTrades: 'Trades paid in the period', sales: 'Sum paid for the trades paid in the period',
        agentSales: 'The part of it credited to agents', orderedBuyers: 'Buyers who placed a trade in the period (each once)',
        paidBuyers: 'Buyers who paid in the period (each once)', items: 'Items in the paid trades (sub-orders closed before payment left out)',
        avgOrderValue: 'Sales ÷ buyers who paid', refunded: 'Trades paid in the period that later had a refund succeed',
        refundFee: 'What those refunds paid back', refundRate: 'Trades refunded ÷ trades paid',
        productSales: 'Sum of the sub-orders (postage belongs to the trade, not to an item)',
      },
    },
    kpi: {
      month: 'Month', scores: 'KPI scores', score: 'Score', parts: 'Achievement', noTargets: 'No targets set for this month',
      targets: 'Targets and weights', metric: 'Figure', target: 'Target', weight: 'Weight', add: 'Add a figure', save: 'Save targets',
      saved: 'Targets saved', weightHint: 'Weights 1–100; score = weighted mean of each achievement (capped at 100%) × 100',
      lowerBetter: 'Lower is better: achievement = target ÷ actual', readOnly: 'Only a supervisor or the main account sets targets',
      achievement: 'Achievement', actual: 'Actual', metricRequired: 'Choose a figure', targetRequired: 'Enter a target',
      weightRequired: 'Enter a weight', settings: 'Attribution', rule: 'Rule', days: 'Window (days)', saveSettings: 'Save attribution',
      settingsSaved: 'Attribution saved', settingsHint: 'A trade is credited to the agent who last served the buyer within the window; a change applies from now on.',
      rules: { order_first: 'Order first', payment: 'Payment', order: 'Order' },
    },
    leaderboard: { metric: 'Ranked by', rank: 'Rank', value: 'Value' },
    drill: {
      title: '{{figure}} · detail', agentAll: 'Whole team', truncated: 'Only the first 500 shown', conversation: 'Chat', view: 'View chat',
      day: 'Day', buyer: 'Buyer', agent: 'Agent', buyerMsgs: 'Buyer msgs', agentMsgs: 'Agent msgs', firstResponse: 'First response',
      avgResponse: 'Avg response', inquiry: 'Inquiry', converted: 'Converted', received: 'Received', notReceived: 'Unanswered', paid: 'Paid',
      tid: 'Trade no.', status: 'Status', payment: 'Payment', items: 'Items', payTime: 'Paid', created: 'Placed',
      refunded: 'Refunded', silent: 'No agent', score: 'Score', comment: 'Comment', at: 'Time', count: '{{n}} rows',
      seconds: '{{n}} s',
    },
  },
};
