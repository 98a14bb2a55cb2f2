import { FOLLOWUP_OUTCOMES, RESULTS } from '../../api/reviews';

/** Wording of reviews (评价): the buyer's, the follow-ups and the statistics, merged under `reviews`. */
export const zhCN = {
  reviews: {
    result: { ...RESULTS } as Record<keyof typeof RESULTS, string>,
    outcome: { ...FOLLOWUP_OUTCOMES } as Record<keyof typeof FOLLOWUP_OUTCOMES, string>,
    channel: { chat: '旺旺', phone: '电话', sms: '短信' },
    followupStatus: { active: '待处理', open: '未联系', contacted: '已联系', closed: '已结束' },
    followups: {
      buyer: '买家', item: '宝贝', review: '评价内容', tid: '订单编号', status: '回访状态', contacts: '联系次数',
      outcome: '回访结果', created: '评价时间', empty: '没有需要回访的评价', contact: '记录联系', close: '结束回访',
      channel: '联系方式', note: '联系记录', noteRequired: '请填写联系内容', outcomeLabel: '结果', closeNote: '备注（选填）',
      changedFrom: '原为{{result}}', log: '联系记录', by: '{{by}} · {{at}}', readOnly: '记录联系和结束回访需要售后权限（refund.approve）',
    },
    stats: {
      title: '评价统计', range: '时间', group: '分组', groups: { none: '合计', item: '按宝贝', day: '按天', week: '按周', month: '按月' },
      good: '好评', neutral: '中评', bad: '差评', total: '合计', rate: '好评率', period: '日期', item: '宝贝', none: '该时间段内没有评价',
      recent: '最近的评价', anyResult: '全部评价', hint: '按评价给出的时间统计，以当前结果计（买家改为好评后计为好评）。',
    },
    list: { buyer: '买家', item: '宝贝', result: '评价', content: '内容', created: '时间', tid: '订单', empty: '没有评价' },
  },
};

export const en: typeof zhCN = {
  reviews: {
    result: { good: 'Good', neutral: 'Neutral', bad: 'Bad' },
    outcome: { resolved: 'Resolved', changed_to_good: 'Changed to good by the buyer', unresolved: 'Unresolved' },
    channel: { chat: 'Chat', phone: 'Phone', sms: 'SMS' },
    followupStatus: { active: 'To do', open: 'Not contacted', contacted: 'Contacted', closed: 'Closed' },
    followups: {
      buyer: 'Buyer', item: 'Item', review: 'Review', tid: 'Trade no.', status: 'Status', contacts: 'Contacts',
      outcome: 'Outcome', created: 'Reviewed', empty: 'No reviews to follow up', contact: 'Note a contact', close: 'Close',
      channel: 'Channel', note: 'What was said', noteRequired: 'Write what was said', outcomeLabel: 'Outcome', closeNote: 'Note (optional)',
      changedFrom: 'Was {{result}}', log: 'Contacts', by: '{{by}} · {{at}}', readOnly: 'Noting contacts and closing need the after-sales permission (refund.approve)',
    },
    stats: {
      title: 'Review statistics', range: 'Period', group: 'Group by', groups: { none: 'Total', item: 'Item', day: 'Day', week: 'Week', month: 'Month' },
      good: 'Good', neutral: 'Neutral', bad: 'Bad', total: 'Total', rate: 'Good rate', period: 'Date', item: 'Item', none: 'No reviews in this period',
      recent: 'Recent reviews', anyResult: 'All reviews', hint: 'Counted by when the review was given, by its current result (a review changed to good counts as good).',
    },
    list: { buyer: 'Buyer', item: 'Item', result: 'Result', content: 'Text', created: 'Given', tid: 'Trade', empty: 'No reviews' },
  },
};
