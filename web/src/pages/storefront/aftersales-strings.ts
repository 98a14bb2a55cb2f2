/** Wording of the buyer's after-sales and reviews on the storefront, merged under `buyerAftersales`. */
export const zhCN = {
  buyerAftersales: {
    tab: '退款/售后', apply: '申请售后', applyTitle: '申请售后 · {{title}}', type: '售后类型', fee: '退款金额（元）',
    feeHint: '最多 {{max}}', reason: '退款原因', reasonRule: '请填写 {{min}}–{{max}} 个字的原因', desc: '问题描述（选填）',
    onlyRefund: '商品尚未发货，只能申请仅退款', applied: '已提交申请，请等待卖家处理', none: '您在本店还没有售后申请',
    returnGoods: '填写退货物流', returnTitle: '寄回商品 · {{title}}', returnHint: '请把商品寄回卖家后填写快递公司和运单号。',
    company: '快递公司', sid: '运单号', cancel: '撤销申请', cancelAsk: '撤销后本次申请关闭，确定？', reapply: '修改申请',
    reapplyTitle: '修改后重新申请 · {{title}}', refuse: '卖家拒绝：{{reason}}', deadline: '剩余时间', exchangeParcel: '换货已发出：{{parcel}}',
    returnParcel: '已寄回：{{parcel}}', received: '卖家已收到退货', refundId: '退款编号 {{id}}', trade: '订单 {{tid}}',
    tracking: '查看物流', trackingTitle: '物流跟踪 · {{tid}}',
    waiting: {
      WAIT_SELLER_AGREE: '等待卖家处理，超时未处理将自动同意',
      WAIT_BUYER_RETURN_GOODS: '卖家已同意，请在时限内寄回商品',
      WAIT_SELLER_CONFIRM_GOODS: '等待卖家确认收货',
      SELLER_REFUSE_BUYER: '卖家已拒绝，您可以修改后重新申请，或撤销申请',
      SUCCESS: '售后已完成', CLOSED: '售后已关闭',
    },
    reasons: {
      REFUND: ['拍错/多拍/不想要', '协商一致退款', '缺货', '未按约定时间发货', '其他'],
      REFUND_AND_RETURN: ['尺码不合适', '颜色/款式与描述不符', '质量问题', '商品破损', '少件/漏发', '七天无理由退货'],
      EXCHANGE: ['尺码不合适', '颜色不喜欢', '质量问题'],
    },
    review: {
      open: '评价', title: '评价 · 订单 {{tid}}', rate: '给宝贝打分', content: '评价内容', contentRequired: '中评、差评请写下原因',
      submit: '提交评价', done: '评价已提交，谢谢！', deadline: '请在 {{time}} 前评价', mine: '我的评价', change: '改为好评',
      changeTitle: '改为好评', changeHint: '中评、差评只能在评价后 30 天内修改一次，且只能改为好评。', changeContent: '新的评价内容（选填）',
      changed: '已改为好评', was: '原评价：{{result}} {{content}}', nothing: '没有可评价的宝贝', reviewed: '已评价',
    },
  },
};

export const en: typeof zhCN = {
  buyerAftersales: {
    tab: 'Refunds', apply: 'After-sales', applyTitle: 'After-sales · {{title}}', type: 'Type', fee: 'Refund (yuan)',
    feeHint: 'At most {{max}}', reason: 'Reason', reasonRule: 'Give a reason of {{min}}–{{max}} characters', desc: 'Description (optional)',
    onlyRefund: 'Not shipped yet: only a refund can be asked', applied: 'Sent: the seller will answer', none: 'No after-sales requests in this shop',
    returnGoods: 'Enter return parcel', returnTitle: 'Send back · {{title}}', returnHint: 'Send the goods back to the seller, then enter the courier and tracking number.',
    company: 'Courier', sid: 'Tracking no.', cancel: 'Withdraw', cancelAsk: 'Withdraw this request? It closes.', reapply: 'Ask again',
    reapplyTitle: 'Ask again · {{title}}', refuse: 'Refused by the seller: {{reason}}', deadline: 'Time left', exchangeParcel: 'Exchange sent: {{parcel}}',
    returnParcel: 'Sent back: {{parcel}}', received: 'The seller received the parcel', refundId: 'Refund {{id}}', trade: 'Trade {{tid}}',
    tracking: 'Tracking', trackingTitle: 'Tracking · {{tid}}',
    waiting: {
      WAIT_SELLER_AGREE: 'Waiting for the seller; agreed automatically if they do not answer in time',
      WAIT_BUYER_RETURN_GOODS: 'The seller agreed: send the goods back in time',
      WAIT_SELLER_CONFIRM_GOODS: 'Waiting for the seller to receive the parcel',
      SELLER_REFUSE_BUYER: 'The seller refused: change and ask again, or withdraw',
      SUCCESS: 'Done', CLOSED: 'Closed',
    },
    reasons: {
      REFUND: ['Ordered by mistake / no longer wanted', 'Agreed with the seller', 'Out of stock', 'Not shipped in time', 'Other'],
      REFUND_AND_RETURN: ['Wrong size', 'Not as described', 'Quality problem', 'Damaged', 'Missing parts', 'Seven-day no-reason return'],
      EXCHANGE: ['Wrong size', 'Do not like the colour', 'Quality problem'],
    },
    review: {
      open: 'Review', title: 'Review · trade {{tid}}', rate: 'Rate the items', content: 'Review', contentRequired: 'Say why for a neutral or bad review',
      submit: 'Submit', done: 'Thank you for your review!', deadline: 'Review before {{time}}', mine: 'My reviews', change: 'Change to good',
      changeTitle: 'Change to good', changeHint: 'A neutral or bad review may be changed once, to good only, within 30 days.', changeContent: 'New text (optional)',
      changed: 'Changed to good', was: 'Was: {{result}} {{content}}', nothing: 'Nothing to review', reviewed: 'Reviewed',
    },
  },
};
