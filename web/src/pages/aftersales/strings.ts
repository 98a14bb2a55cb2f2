import { DISPUTE_TYPE_NAMES, REFUND_STATUS_NAMES } from '../../api/refund-rules';

/** Wording of after-sales (售后), payments and the trade's after-sales section, merged under `aftersales` and `payments`. */
export const zhCN = {
  aftersales: {
    menu: '售后', title: '售后',
    tabs: { refunds: '退款管理', followups: '评价回访', reviews: '评价统计', settings: '售后设置' },
    noPermission: '没有售后权限',
    status: { ...REFUND_STATUS_NAMES, SUCCESS: '退款成功' },
    successExchange: '换货成功',
    type: { ...DISPUTE_TYPE_NAMES },
    all: '全部', anyType: '全部类型', typeLabel: '售后类型', tid: '订单编号', tidDigits: '订单编号只含数字',
    list: {
      deadline: '处理时限', id: '退款编号', buyer: '买家', item: '宝贝', fee: '退款金额', status: '退款状态',
      created: '申请时间', detail: '详情', empty: '没有售后申请', warehouseHint: '买家寄回的包裹到仓后，请点「确认收到退货」；换货请在收到退货后「换货发出」。',
    },
    left: '剩 {{time}}', overdue: '已超时', noDeadline: '-',
    waiting: {
      WAIT_SELLER_AGREE: '等待卖家处理，超时将自动同意',
      WAIT_BUYER_RETURN_GOODS: '等待买家寄回商品，超时退款关闭',
      WAIT_SELLER_CONFIRM_GOODS: '等待卖家确认收货，超时将自动退款',
      WAIT_SELLER_CONFIRM_GOODS_EXCHANGE: '等待仓库收货并发出换货',
      SELLER_REFUSE_BUYER: '等待买家修改申请，超时退款关闭',
    },
    detail: {
      title: '售后 {{id}}', type: '售后类型', fee: '退款金额', paid: '子订单实付 {{fee}}', reason: '退款原因', desc: '问题描述',
      created: '申请时间', modified: '更新时间', endTime: '完结时间', shipped: '申请时已发货', yes: '是', no: '否',
      refuse: '拒绝理由', refuseTimes: '（已拒绝 {{n}} 次）', returnParcel: '退货物流', returnTime: '买家寄回时间',
      received: '仓库收到退货', notReceived: '尚未收到', exchangeParcel: '换货物流', deadline: '处理时限', item: '宝贝',
      noActions: '当前没有您可执行的操作',
    },
    actions: {
      agree: '同意退款', refuse: '拒绝', returngoods_agree: '同意退货', returngoods_confirm: '确认收货并退款',
      receive_goods: '确认收到退货', send_exchange: '换货发出',
      agreeAsk: '同意后款项将从担保交易原路退回买家，确定？', returnAgreeAsk: '同意后买家将寄回商品，确定？',
      confirmAsk: '确认退回的商品无误并退款给买家？', receiveAsk: '确认已收到买家寄回的包裹？订单将插绿旗通知售后。',
      refuseReason: '拒绝理由（买家可见）', refuseRule: '拒绝理由须为 {{min}}–{{max}} 个字',
      exchangeHint: '新运单号会写入订单备注并插蓝旗，通知客服告诉买家。',
    },
    trade: {
      title: '订单信息', open: '查看订单', status: '交易状态', payment: '实付款', orders: '子订单', refund: '售后',
      escrow: '担保交易', escrowAmount: '担保金额', refunded: '已退买家', released: '已打款给卖家', held: '担保中',
      noEscrow: '该订单未通过担保交易付款', none: '无',
    },
    chat: {
      title: '与买家的聊天记录', none: '该买家还没有和店铺聊过天', open: '在工作台打开', readOnly: '只读',
    },
    section: { refunds: '售后', none: '该订单没有售后申请', open: '处理' },
    settings: {
      title: '卖家处理时限', hint: '买家申请后，卖家须在时限内处理，否则视为同意。修改只对之后的申请生效。',
      beforeShip: '未发货时（小时）', afterShip: '已发货时（天）', save: '保存',
    },
  },
  payments: {
    record: '登记银行转账', recordTitle: '登记银行转账 · {{tid}}', bank: '付款银行', payer: '付款人', amount: '到账金额（元）',
    amountHint: '须与应付金额 {{payment}} 一致', receivedAt: '到账时间', reference: '银行流水号', notice: '买家的付款通知',
    noNotice: '不关联通知', recorded: '已登记转账，订单已付款', required: '请填写',
    accounts: '收款银行账户', accountsHint: '买家选择银行转账时看到这些账户（最多 5 个）', accountName: '户名', accountNo: '账号',
    branch: '开户行', addAccount: '添加账户', saveAccounts: '保存账户', accountNoRule: '账号为 8–40 位数字',
    transfer: '银行转账', transferLine: '{{bank}} {{payer}} {{amount}}（{{no}}）',
  },
};

export const en: typeof zhCN = {
  aftersales: {
    menu: 'After-sales', title: 'After-sales',
    tabs: { refunds: 'Refunds', followups: 'Review follow-ups', reviews: 'Review statistics', settings: 'Settings' },
    noPermission: 'No after-sales permission',
    status: {
      WAIT_SELLER_AGREE: 'Waiting for the seller', WAIT_BUYER_RETURN_GOODS: 'Waiting for the buyer to return the goods',
      WAIT_SELLER_CONFIRM_GOODS: 'Returned, waiting for the seller', SELLER_REFUSE_BUYER: 'Refused by the seller',
      CLOSED: 'Closed', SUCCESS: 'Refunded',
    },
    successExchange: 'Exchanged',
    type: { REFUND: 'Refund only', REFUND_AND_RETURN: 'Return and refund', EXCHANGE: 'Exchange' },
    all: 'All', anyType: 'Any type', typeLabel: 'Type', tid: 'Trade no.', tidDigits: 'Digits only',
    list: {
      deadline: 'Deadline', id: 'Refund no.', buyer: 'Buyer', item: 'Item', fee: 'Refund', status: 'Status',
      created: 'Asked', detail: 'Detail', empty: 'No after-sales requests',
      warehouseHint: 'When a returned parcel arrives, click "Returned parcel received"; for an exchange, "Re-ship exchange" once it is received.',
    },
    left: '{{time}} left', overdue: 'Overdue', noDeadline: '-',
    waiting: {
      WAIT_SELLER_AGREE: 'Waiting for the seller; agreed automatically at the deadline',
      WAIT_BUYER_RETURN_GOODS: 'Waiting for the buyer to send the goods back; closes at the deadline',
      WAIT_SELLER_CONFIRM_GOODS: 'Waiting for the seller to accept the parcel; refunded automatically at the deadline',
      WAIT_SELLER_CONFIRM_GOODS_EXCHANGE: 'Waiting for the warehouse to receive the parcel and re-ship',
      SELLER_REFUSE_BUYER: 'Waiting for the buyer to ask again; closes at the deadline',
    },
    detail: {
      title: 'After-sales {{id}}', type: 'Type', fee: 'Refund', paid: 'Sub-order paid {{fee}}', reason: 'Reason', desc: 'Description',
      created: 'Asked', modified: 'Updated', endTime: 'Ended', shipped: 'Shipped when asked', yes: 'Yes', no: 'No',
      refuse: 'Refusal reason', refuseTimes: ' (refused {{n}} times)', returnParcel: 'Return parcel', returnTime: 'Sent back',
      received: 'Parcel received', notReceived: 'Not yet', exchangeParcel: 'Exchange parcel', deadline: 'Deadline', item: 'Item',
      noActions: 'Nothing for you to do now',
    },
    actions: {
      agree: 'Agree to refund', refuse: 'Refuse', returngoods_agree: 'Agree to return', returngoods_confirm: 'Accept parcel and refund',
      receive_goods: 'Returned parcel received', send_exchange: 'Re-ship exchange',
      agreeAsk: 'The money goes back to the buyer from escrow. Agree?', returnAgreeAsk: 'The buyer will send the goods back. Agree?',
      confirmAsk: 'The returned goods are fine: refund the buyer?', receiveAsk: 'Mark the returned parcel received? The trade gets a green flag for after-sales.',
      refuseReason: 'Reason (the buyer reads it)', refuseRule: 'The reason must be {{min}}–{{max}} characters',
      exchangeHint: 'The new tracking number goes on the trade memo under a blue flag for customer service.',
    },
    trade: {
      title: 'Trade', open: 'Open trade', status: 'Trade status', payment: 'Paid', orders: 'Sub-orders', refund: 'After-sales',
      escrow: 'Escrow', escrowAmount: 'Paid in', refunded: 'Refunded to buyer', released: 'Paid to shop', held: 'Held',
      noEscrow: 'This trade was not paid through escrow', none: 'None',
    },
    chat: {
      title: "Chat with the buyer", none: 'This buyer has not chatted with the shop', open: 'Open in workbench', readOnly: 'Read-only',
    },
    section: { refunds: 'After-sales', none: 'No after-sales requests on this trade', open: 'Handle' },
    settings: {
      title: 'Seller answer limits', hint: 'The seller answers within these limits or is taken to agree. Changes apply to later requests.',
      beforeShip: 'Before shipping (hours)', afterShip: 'After shipping (days)', save: 'Save',
    },
  },
  payments: {
    record: 'Record bank transfer', recordTitle: 'Record bank transfer · {{tid}}', bank: 'Bank', payer: 'Payer', amount: 'Amount (yuan)',
    amountHint: 'Must equal the amount due, {{payment}}', receivedAt: 'Received', reference: 'Bank reference', notice: "Buyer's notice",
    noNotice: 'No notice', recorded: 'Transfer recorded: the trade is paid', required: 'Required',
    accounts: 'Bank accounts', accountsHint: 'Buyers paying by transfer see these accounts (up to 5)', accountName: 'Account name',
    accountNo: 'Account no.', branch: 'Branch', addAccount: 'Add account', saveAccounts: 'Save accounts', accountNoRule: '8–40 digits',
    transfer: 'Bank transfer', transferLine: '{{bank}} {{payer}} {{amount}} ({{no}})',
  },
};
