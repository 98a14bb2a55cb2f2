import { CASE_KINDS, METHODS, TRACE_STATUSES } from '../../api/logistics';

const kindNames = Object.fromEntries(Object.entries(CASE_KINDS).map(([k, v]) => [k, v.name]));
const outcomeNames = Object.fromEntries(Object.values(CASE_KINDS).flatMap((v) => Object.entries(v.outcomes)));

/** Wording of logistics (物流): parcel cases, shipping templates and tracking, merged under `logistics`. */
export const zhCN = {
  logistics: {
    menu: '物流', title: '物流', tabs: { cases: '问题件', templates: '运费模板' },
    method: { ...METHODS } as Record<keyof typeof METHODS, string>,
    trace: { ...TRACE_STATUSES } as Record<keyof typeof TRACE_STATUSES, string>,
    kind: kindNames as Record<string, string>,
    outcome: outcomeNames as Record<string, string>,
    cases: {
      id: '编号', tid: '订单编号', kind: '类型', parcel: '包裹', detail: '内容', note: '说明', opened: '登记', status: '状态',
      outcome: '结果', open: '处理中', closed: '已结束', all: '全部', anyKind: '全部类型', empty: '没有问题件', close: '结案',
      outcomeLabel: '处理结果', compensation: '赔付金额（元）', closeNote: '备注', amount: '金额 {{amount}}', newAddress: '新地址：{{address}}',
      add: '登记问题件', addNote: '说明（选填）', amountLabel: '金额（元）', amountHint: '保价金额或索赔金额，不超过实付款',
      compensated: '赔付 {{amount}}', by: '{{by}} · {{at}}',
    },
    templates: {
      add: '新建运费模板', edit: '编辑运费模板', editButton: '编辑', name: '模板名称', method: '运送方式', default: '默认模板', setDefault: '设为默认',
      first: '首重', additional: '续重', firstWeight: '首重（kg）', firstFee: '首费（元）', additionalWeight: '续重（kg）',
      additionalFee: '续费（元）', freeThreshold: '包邮门槛（元）', freeHint: '商品总价达到门槛包邮（单独设置运费的地区除外）；不填则不包邮',
      noFree: '不包邮', regions: '指定地区运费', addRegion: '添加地区', states: '省份', regionFirst: '首费（元）',
      regionAdditional: '续费（元）', deleteAsk: '删除运费模板「{{name}}」？', empty: '还没有运费模板，新下的订单运费为 0',
      rule: '{{first}} 内 {{firstFee}}，每增加 {{additional}} 加 {{additionalFee}}', free: '满 {{amount}} 包邮',
      readOnly: '修改运费模板需要「店铺设置」权限', quote: '运费试算', weight: '重量（g）', itemsTotal: '商品总价（元）',
      state: '收货省份', compute: '试算', required: '请填写',
    },
    tracking: {
      title: '物流跟踪', none: '暂无物流信息', add: '录入物流信息', status: '状态', description: '描述', location: '地点',
      occurredAt: '时间', source: { warehouse: '仓库录入', courier: '快递推送' },
    },
  },
};

export const en: typeof zhCN = {
  logistics: {
    menu: 'Logistics', title: 'Logistics', tabs: { cases: 'Parcel problems', templates: 'Shipping templates' },
    method: { SURFACE: 'Surface mail', EXPRESS: 'Express', EMS: 'EMS', FREIGHT: 'Freight', INTERNATIONAL: 'International' },
    trace: { ACCEPT: 'Picked up', TRANSPORT: 'In transit', DELIVERING: 'Out for delivery', SIGN: 'Delivered', FAILED: 'Problem', RETURN: 'Returning' },
    kind: { address_change: 'Address change', recall: 'Recall', insured_value: 'Insured value', return_to_sender: 'Return to sender', claim: 'Claim' },
    outcome: {
      changed: 'Changed', failed: 'Failed', recalled: 'Recalled', insured: 'Insured', refused: 'Refused', returned: 'Returned',
      redelivered: 'Redelivered', compensated: 'Compensated', rejected: 'Rejected',
    },
    cases: {
      id: 'No.', tid: 'Trade no.', kind: 'Kind', parcel: 'Parcel', detail: 'Detail', note: 'Note', opened: 'Opened', status: 'Status',
      outcome: 'Outcome', open: 'Open', closed: 'Closed', all: 'All', anyKind: 'Any kind', empty: 'No parcel problems', close: 'Close',
      outcomeLabel: 'Outcome', compensation: 'Compensation (yuan)', closeNote: 'Note', amount: 'Amount {{amount}}', newAddress: 'New address: {{address}}',
      add: 'Open a parcel problem', addNote: 'Note (optional)', amountLabel: 'Amount (yuan)', amountHint: 'Insured value or amount claimed, at most what was paid',
      compensated: 'Paid {{amount}}', by: '{{by}} · {{at}}',
    },
    templates: {
      add: 'New template', edit: 'Edit template', editButton: 'Edit', name: 'Name', method: 'Method', default: 'Default', setDefault: 'Make default',
      first: 'First weight', additional: 'Additional weight', firstWeight: 'First weight (kg)', firstFee: 'First fee (yuan)',
      additionalWeight: 'Additional weight (kg)', additionalFee: 'Additional fee (yuan)', freeThreshold: 'Free from (yuan)',
      freeHint: 'Free postage from this items total (except provinces with their own fees); empty: never free', noFree: 'Never free',
      regions: 'Fees by province', addRegion: 'Add provinces', states: 'Provinces', regionFirst: 'First fee (yuan)',
      regionAdditional: 'Additional fee (yuan)', deleteAsk: 'Delete the template "{{name}}"?', empty: 'No templates yet: new trades pay no postage',
      rule: '{{firstFee}} up to {{first}}, {{additionalFee}} per further {{additional}}', free: 'Free from {{amount}}',
      readOnly: 'Changing templates needs the shop settings permission', quote: 'Postage quote', weight: 'Weight (g)',
      itemsTotal: 'Items total (yuan)', state: 'Province', compute: 'Quote', required: 'Required',
    },
    tracking: {
      title: 'Tracking', none: 'No tracking yet', add: 'Enter tracking event', status: 'Status', description: 'Description',
      location: 'Place', occurredAt: 'Time', source: { warehouse: 'Warehouse', courier: 'Courier' },
    },
  },
};
