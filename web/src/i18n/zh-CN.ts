import { CLOSE_REASONS, FLAGS, STATUS_NAMES } from '../api/trade-rules';

// Status, flag and close-reason wording is the platform's, taken from the server's rules so that both always agree.
const flagNames = Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, v.name]));
const flagMeanings = Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, 'meaning' in v ? v.meaning : '']));

export const zhCN = {
  app: { name: '店小二' },
  common: {
    actions: '操作', done: '操作成功', invalid: '填写有误：', networkError: '网络异常，请稍后重试', next: '下一页',
    prev: '上一页', page: '第 {{page}} 页', remove: '删除', reset: '重置', search: '搜索',
  },
  auth: {
    title: '卖家登录', account: '账号', accountRequired: '请输入账号', password: '密码', passwordRequired: '请输入密码',
    login: '登录', logout: '退出', hint: '主账号填店铺名（如 demo），子账号填「店铺名:子账号名」（如 demo:小美）。',
  },
  menu: { workbench: '接待工作台', trades: '已卖出的宝贝', warehouse: '发货', team: '团队看板', calculator: '小工具' },
  role: { owner: '主账号', service: '客服', warehouse: '仓储', aftersales: '售后', finance: '财务', supervisor: '主管' },
  shopType: { C: '集市店', B: '商城店' },
  status: { ...STATUS_NAMES },
  flag: flagNames,
  flagMeaning: flagMeanings,
  closeReason: Object.fromEntries(CLOSE_REASONS.map((r, i) => [String(i), r])),
  escrow: { held: '担保中', released: '已打款给卖家', refunded: '已退款' },
  trades: {
    title: '已卖出的宝贝', all: '全部', buyerNick: '买家昵称', tid: '订单编号', tidDigits: '订单编号只含数字', flag: '旗帜',
    anyFlag: '全部', created: '成交时间', buyer: '买家', items: '宝贝', payment: '实收款', inclPostage: '（含运费 {{fee}}）',
    status: '交易状态', memo: '备注', detail: '详情',
  },
  detail: {
    trade: '订单信息', alipayNo: '支付宝交易号', created: '创建时间', payTime: '付款时间', consignTime: '发货时间',
    endTime: '结束时间', autoClose: '自动关闭时间', autoConfirm: '自动确认收货时间', delayed: '已延长收货', days: '{{n}} 天',
    closeReason: '关闭理由', buyerAndReceiver: '买家与收货信息', itemsTotal: '商品总价', postFee: '运费', logistics: '物流信息',
    escrow: '担保交易', unitPrice: '单价', num: '数量', subtotal: '小计', noActions: '当前状态下没有可执行的操作',
  },
  actions: {
    modify_price: '修改价格', modify_postage: '修改运费', change_address: '修改收货地址', close: '关闭交易',
    close_order: '关闭子订单', memo: '备注 / 旗帜', ship: '发货', delay_receive: '延长收货时间',
  },
  price: { unitPrice: '新单价', original: '拍下时单价 {{price}}', maxDiscount: '您的最大优惠幅度为 {{pct}}%（以拍下时的实付款计）' },
  close: { hint: '仅在买家付款前可关闭；关闭后库存释放。', reason: '关闭理由', reasonRequired: '请选择关闭理由' },
  memo: { flagRequired: '请选择旗帜', private: '备注仅卖家可见，买家看不到', tooLong: '备注不能超过 {{max}} 字节' },
  ship: {
    company: '物流公司', companyRequired: '请选择物流公司', outSid: '运单号', outSidRule: '运单号为 6–40 位字母、数字或短横线',
  },
  delay: { current: '当前自动确认收货时间：{{time}}', days: '延长天数' },
  receiver: {
    title: '收货信息', name: '收货人', mobile: '手机号码', mobileRule: '请输入 11 位手机号码', state: '省份', city: '城市',
    district: '区县', detail: '详细地址', address: '收货地址',
  },
  warehouse: {
    title: '待发货（按付款时间）', hint: '红旗、紫旗是客服部给仓储部的要求，排在最前；其余按付款时间先后发货。', flag: '插旗',
    empty: '没有待发货的订单',
  },
  calculator: {
    title: '小工具 · 计算器', item: '宝贝', pickItem: '请选择宝贝', pickSku: '请选择 SKU', addLine: '添加宝贝', compute: '计算',
    payment: '合计应付', incomplete: '请把每一行的宝贝、SKU 和数量填完整',
  },
  sidebar: { title: '{{nick}} 的订单', noBuyer: '选择一位买家后显示其订单', none: '该买家在本店没有订单' },
  workbench: {
    title: '接待工作台', queueLine: '排队 {{queued}} · 留言 {{waiting}}', tabMine: '接待中 {{n}}', tabWaiting: '待接入 {{n}}',
    tabEnded: '已结束', noneMine: '暂无接待中的会话', noneWaiting: '没有排队或留言的买家', noneEnded: '暂无已结束的会话',
    claim: '接入', connected: '已连接', reconnecting: '连接中断，正在重连…', askSuspend: '申请挂起',
    suspendReason: '挂起原因（如：吃饭、开会），主管审批后生效', suspendAsked: '已提交挂起申请，等待主管审批',
    pickConversation: '从左侧选择一个会话', transfer: '转发', transferTo: '转给', transferPick: '请选择接手的同事',
    transferNote: '备注（仅客服可见）', nobodyOnline: '没有在线的同事', end: '结束会话', inviteRating: '邀请评价',
    ratingInvited: '已邀请买家评价', handedOver: '由 {{from}} 转来', readOnly: '该会话不由您接待，只能查看',
    inputHint: '输入消息，Enter 发送，Shift+Enter 换行；输入 / 选择快捷短语', quickReplies: '快捷短语',
    quickHint: '输入 / 加编码，或点此选择', noQuickReplies: '暂无快捷短语', suggestions: '智能推荐', suggestFor: '推荐回答',
    noSuggestion: '知识库中没有合适的答案', waitQuestion: '买家提问后这里显示推荐答案', confidence: '置信度 {{p}}%',
    trades: '订单', items: '商品', findItem: '搜索商品', sendCard: '发送', newConversation: '新的会话接入',
  },
  widget: {
    connecting: '正在连接…', hello: '您好，请问有什么可以帮您？', servedBy: '客服 {{name}} 为您服务', queued: '客服繁忙，您前面还有 {{n}} 位',
    leftMessage: '客服暂时不在线，您的留言会在客服上线后第一时间回复', ended: '会话已结束，发消息可重新咨询',
    inputHint: '输入消息，Enter 发送', close: '关闭', rateTitle: '请对本次服务评价', rateComment: '说说您的感受（选填）', rateSubmit: '提交评价',
    score1: '非常不满意', score2: '不满意', score3: '一般', score4: '满意', score5: '非常满意',
  },
  customer: { purchases: '成交', spend: '累计消费', lastPurchase: '最近购买', favourites: '收藏', notes: '备注' },
  agentStatus: { online: '在线', busy: '忙碌', suspended: '挂起', offline: '离线' },
  conversationStatus: { new: '新会话', waiting: '留言', queued: '排队中', active: '接待中', ended: '已结束' },
  situation: { presales: '售前', unshipped: '待发货', aftersales: '售后' },
  chat: {
    preview: { image: '[图片]', product: '[商品] {{title}}', trade: '[订单] {{tid}}' },
    typing: '对方正在输入…', read: '已读', unread: '未读', sending: '发送中…', failedRetry: '发送失败，点击重发（{{error}}）',
    older: '查看更早的消息', offShelf: '已下架', tradeNo: '订单 {{tid}}', emoji: '表情', image: '图片',
  },
  team: { title: '团队看板', soon: '客服实时状态即将上线', soonDetail: '上线后这里显示每位客服的状态、接待量与排队情况。' },
  knowledge: {
    material: '材质', size_chart: '尺码表', usage: '使用方法', care: '洗涤保养', suitable_for: '适用人群',
    not_suitable_for: '不适用人群', notes: '备注',
  },
  store: {
    favourite: '收藏', favourited: '已收藏',
    payment: '实付款',
    notFound: '店铺 {{shop}} 不存在', items: '全部宝贝', myTrades: '我的订单', noItems: '店铺暂无在售宝贝', knowledge: '商品知识',
    quantity: '数量', stock: '库存 {{n}} 件', buyNow: '立即购买', loginOrSignup: '登录 / 注册', login: '登录', signup: '注册',
    nick: '昵称', nickRule: '昵称 2–32 个字符，不含空格、冒号或尖括号', passwordRule: '密码至少 8 个字符',
    loginToSee: '登录后查看您的订单', checkout: '确认订单', placeOrder: '提交订单', placed: '下单成功，订单号 {{tid}}，应付 {{payment}}',
    postageNote: '运费按店铺运费模板计算，提交后显示在订单中。', noTrades: '您在本店还没有订单', pay: '立即付款 {{payment}}',
    paid: '付款成功，款项由支付宝担保', sandbox: '沙箱支付', confirm: '确认收货', confirmAsk: '确认已收到货？确认后货款将打给卖家。',
    confirmed: '已确认收货，交易成功', contact: '联系客服', chatSoon: '旺旺在线咨询即将上线',
  },
};

export type Messages = typeof zhCN;
