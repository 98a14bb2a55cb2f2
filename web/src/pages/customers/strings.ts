/** 客户管理: the customer list and profile, segments, tags and levels, CSV import and repurchase figures. */
export const zhCN = {
  customers: {
    menu: '客户管理',
    title: '客户管理',
    tabs: { list: '客户列表', segments: '客户分群', stats: '复购统计', imports: '数据导入', settings: '标签与等级' },
    origin: { trade: '下单', chat: '咨询', import: '导入', favourite: '收藏', buyer: '订阅设置' },
    sort: {
      last_purchase_desc: '最近购买 ↓', last_purchase_asc: '最近购买 ↑', spend_desc: '累计消费 ↓', spend_asc: '累计消费 ↑',
      purchases_desc: '购买次数 ↓', newest: '最新加入',
    },
    match: { any: '任一标签', all: '全部标签' },
    filter: {
      nick: '昵称', nickPlaceholder: '昵称开头', tags: '标签', level: '会员等级', anyLevel: '全部等级', lastPurchase: '最近购买',
      spend: '累计消费', min: '最低', max: '最高', item: '买过的宝贝', anyItem: '全部宝贝', optOut: '群发', anyOptOut: '全部',
      optedOut: '拒收群发', optedIn: '接收群发', sort: '排序', amountRule: '金额须为不小于 0 的元，最多两位小数',
    },
    list: {
      nick: '客户昵称', level: '等级', tags: '标签', purchases: '付款/成交', spend: '累计消费', lastPurchase: '最近购买',
      origin: '来源', optOut: '拒收群发', total: '共 {{total}} 位客户', detail: '详情', noLevel: '无等级',
    },
    profile: {
      level: '会员等级', noLevel: '未达到任何等级', toNext: '再消费 {{amount}} 升级为「{{next}}」', topLevel: '已是最高等级',
      spend: '累计消费', purchases: '成交笔数', purchasesValue: '付款 {{paid}} 笔 / 共 {{all}} 笔', firstPurchase: '首次购买',
      lastPurchase: '最近购买', origin: '来源', favourites: '收藏宝贝', since: '成为客户', edit: '标签与备注', tags: '标签',
      pickTags: '选择标签', mobile: '手机号', mobileRule: '请输入 11 位手机号码', notes: '备注', notesHint: '仅店铺内部可见，买家看不到',
      optOut: '拒收群发', optOutHint: '开启后群发消息会跳过该客户', save: '保存', nothingChanged: '没有需要保存的修改',
      readOnly: '您没有修改客户资料的权限（需要“订单备注”权限）', contacts: '联系方式', mobileCol: '手机',
      contactName: '姓名', source: '来源', sources: { profile: '客户资料', account: '买家账号', receiver: '收货信息' },
      lastUsed: '最近使用', addresses: '收货地址', receiver: '收货人', address: '地址', addressTrades: '订单数', trades: '最近订单',
      allTrades: '查看全部订单', importedTrades: '导入的历史订单', favouritesList: '收藏的宝贝', tid: '订单编号', items: '宝贝',
      payment: '实付款', status: '状态', created: '下单时间', payTime: '付款时间', price: '价格', favouredAt: '收藏时间',
      optedOut: '拒收群发', latestNote: '仅显示最近 10 笔', none: '暂无',
    },
    segments: {
      title: '客户分群', add: '新建分群', edit: '编辑分群', name: '分群名称', nameRequired: '请输入分群名称', rule: '条件',
      tags: '标签', levels: '会员等级', lastPurchase: '最近购买时间', withinDays: '最近几天内购买过', beforeDays: '最近几天内未购买',
      days: '天', items: '买过的宝贝（任一）', spend: '累计消费（元）', updated: '更新时间', deleteConfirm: '删除分群“{{name}}”？',
      none: '还没有客户分群', readOnly: '保存、修改和删除分群需要“群发”权限', preview: '预计覆盖', previewUnit: '位客户',
      previewOptOut: '其中 {{n}} 位拒收群发', previewEmpty: '请至少设置一个条件', sample: '部分客户', save: '保存分群',
      ruleHint: '客户须同时满足下列所有已设置的条件', cancel: '取消', view: '查看',
      text: {
        tagsAny: '标签（任一）：{{names}}', tagsAll: '标签（全部）：{{names}}', levels: '等级：{{names}}',
        from: '最近购买不早于 {{date}}', to: '最近购买早于 {{date}}', within: '{{n}} 天内购买过', before: '{{n}} 天内未购买',
        items: '买过：{{names}}', minSpend: '累计消费 ≥ {{amount}}', maxSpend: '累计消费 ≤ {{amount}}', separator: '；',
        unknownTag: '标签 {{id}}', unknownItem: '宝贝 {{id}}',
      },
    },
    tags: {
      title: '客户标签', add: '新建标签', edit: '编辑标签', name: '标签名称', nameRequired: '请输入标签名称', color: '颜色',
      custom: '自定义颜色', customers: '客户数', created: '创建时间', deleteConfirm: '删除标签“{{name}}”？它会从所有客户身上移除。',
      none: '还没有标签', editLink: '编辑',
    },
    levels: {
      title: '会员等级', hint: '按累计消费（付款且未退款的订单实付金额）自动评定，门槛须逐级升高；第一级门槛高于 0 时，消费不足的客户没有等级。',
      name: '等级名称', minSpend: '消费门槛（元）', customers: '客户数', add: '添加等级', save: '保存等级', nameRequired: '请输入等级名称',
    },
    imports: {
      title: '导入客户或历史订单', kind: '文件内容', kindAuto: '按表头识别', kinds: { customers: '客户', trades: '历史订单' },
      pick: '选择 CSV 文件', start: '开始导入', noFile: '请先选择文件',
      columns: {
        customers: '客户文件的列：买家昵称（必填）、手机、标签（多个用 ; 或 、 分隔）、备注、拒收群发（是/否）。已有客户的空单元格保留原值，标签只增不减。',
        trades: '订单文件的列：订单编号、买家会员名、订单创建时间、订单付款时间、订单状态、实付金额（元）、宝贝标题、数量、商品ID；付款时间和商品ID 以外为必填。',
      },
      format: '第一行为列名（中文或英文均可）；UTF-8 或 Excel 另存的 GBK 编码，逗号、制表符或分号分隔；最多 16 MB、10 万行。同一文件重复导入不会产生重复记录。',
      current: '导入进度', progress: '已处理 {{processed}} / {{total}} 行',
      statusCol: '状态', status: { running: '导入中', done: '已完成', failed: '失败', interrupted: '已中断' },
      summary: '成功导入 {{imported}} 行，{{rejected}} 行未导入', rejectedTitle: '未导入的行', line: '行号', code: '错误码', reason: '原因',
      errorsKept: '只保留前 1000 条错误', noErrors: '所有行都已导入', recent: '最近的导入', id: '编号', file: '文件', by: '操作人',
      created: '开始时间', finished: '完成时间', rows: '行数', imported: '已导入', rejected: '未导入', view: '查看', none: '还没有导入记录',
      failure: '导入中止：{{reason}}',
    },
    stats: {
      title: '复购统计', allTime: '全部时间', customers: '客户总数', buyers: '购买客户', repeatBuyers: '复购客户', rate: '复购率',
      spend: '成交金额', range: '近一年：购买客户 {{buyers}}，复购客户 {{repeat}}，复购率 {{rate}}',
      periods: { day: '按日', week: '按周', month: '按月' }, start: { day: '日期', week: '周（起始日）', month: '月份' },
      none: '这段时间没有购买记录', hint: '复购率 = 购买 2 次及以上的客户 ÷ 购买过的客户；每个周期只计该周期内付款的订单。',
    },
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const en: Shape<typeof zhCN> = {
  customers: {
    menu: 'Customers',
    title: 'Customers',
    tabs: { list: 'Customers', segments: 'Segments', stats: 'Repurchase', imports: 'Import', settings: 'Tags & levels' },
    origin: { trade: 'Order', chat: 'Chat', import: 'Import', favourite: 'Favourite', buyer: 'Subscription' },
    sort: {
      last_purchase_desc: 'Last purchase ↓', last_purchase_asc: 'Last purchase ↑', spend_desc: 'Spend ↓', spend_asc: 'Spend ↑',
      purchases_desc: 'Purchases ↓', newest: 'Newest',
    },
    match: { any: 'Any tag', all: 'All tags' },
    filter: {
      nick: 'Nick', nickPlaceholder: 'Starts with', tags: 'Tags', level: 'Level', anyLevel: 'Any level', lastPurchase: 'Last purchase',
      spend: 'Spend', min: 'Min', max: 'Max', item: 'Bought', anyItem: 'Any item', optOut: 'Broadcasts', anyOptOut: 'Any',
      optedOut: 'Opted out', optedIn: 'Receiving', sort: 'Sort', amountRule: 'Yuan of at least 0, with at most two decimals',
    },
    list: {
      nick: 'Nick', level: 'Level', tags: 'Tags', purchases: 'Paid/all', spend: 'Spend', lastPurchase: 'Last purchase',
      origin: 'Source', optOut: 'Opted out', total: '{{total}} customers', detail: 'Profile', noLevel: 'No level',
    },
    profile: {
      level: 'Level', noLevel: 'No level reached', toNext: '{{amount}} more to reach "{{next}}"', topLevel: 'Highest level',
      spend: 'Spend', purchases: 'Trades', purchasesValue: '{{paid}} paid / {{all}} in all', firstPurchase: 'First purchase',
      lastPurchase: 'Last purchase', origin: 'Source', favourites: 'Favourites', since: 'Customer since', edit: 'Tags and notes', tags: 'Tags',
      pickTags: 'Choose tags', mobile: 'Mobile', mobileRule: 'An 11-digit mobile number', notes: 'Notes', notesHint: 'Seen by the shop only, never by the buyer',
      optOut: 'Opted out of broadcasts', optOutHint: 'Broadcasts skip this customer', save: 'Save', nothingChanged: 'Nothing to save',
      readOnly: 'You may not change customers (the memo permission is needed)', contacts: 'Contacts', mobileCol: 'Mobile',
      contactName: 'Name', source: 'Source', sources: { profile: 'Shop record', account: 'Buyer account', receiver: 'Receiver' },
      lastUsed: 'Last used', addresses: 'Addresses', receiver: 'Receiver', address: 'Address', addressTrades: 'Trades', trades: 'Latest trades',
      allTrades: 'All trades', importedTrades: 'Imported trades', favouritesList: 'Favourite items', tid: 'Trade no.', items: 'Items',
      payment: 'Payment', status: 'Status', created: 'Created', payTime: 'Paid', price: 'Price', favouredAt: 'Added',
      optedOut: 'Opted out', latestNote: 'The latest 10', none: 'None',
    },
    segments: {
      title: 'Segments', add: 'New segment', edit: 'Edit segment', name: 'Name', nameRequired: 'Enter a name', rule: 'Conditions',
      tags: 'Tags', levels: 'Levels', lastPurchase: 'Last purchase', withinDays: 'Bought within the last', beforeDays: 'Not bought in the last',
      days: 'days', items: 'Bought any of', spend: 'Spend (yuan)', updated: 'Updated', deleteConfirm: 'Delete the segment "{{name}}"?',
      none: 'No segments yet', readOnly: 'Saving, changing and deleting segments needs the broadcast permission', preview: 'Reaches',
      previewUnit: 'customers', previewOptOut: '{{n}} of them opted out of broadcasts', previewEmpty: 'Set at least one condition',
      sample: 'Some of them', save: 'Save segment', ruleHint: 'A customer must meet every condition that is set', cancel: 'Cancel', view: 'View',
      text: {
        tagsAny: 'Any tag of: {{names}}', tagsAll: 'All tags: {{names}}', levels: 'Level: {{names}}',
        from: 'Last purchase from {{date}}', to: 'Last purchase before {{date}}', within: 'Bought in the last {{n}} days',
        before: 'Not bought in the last {{n}} days', items: 'Bought: {{names}}', minSpend: 'Spend ≥ {{amount}}', maxSpend: 'Spend ≤ {{amount}}',
        separator: '; ', unknownTag: 'Tag {{id}}', unknownItem: 'Item {{id}}',
      },
    },
    tags: {
      title: 'Customer tags', add: 'New tag', edit: 'Edit tag', name: 'Name', nameRequired: 'Enter a name', color: 'Colour',
      custom: 'Custom colour', customers: 'Customers', created: 'Created', deleteConfirm: 'Delete the tag "{{name}}"? It comes off every customer.',
      none: 'No tags yet', editLink: 'Edit',
    },
    levels: {
      title: 'Membership levels', hint: 'Set by spend (payments of paid trades not refunded); thresholds must rise level by level. With a first threshold above 0, lower spenders have no level.',
      name: 'Level', minSpend: 'From (yuan)', customers: 'Customers', add: 'Add level', save: 'Save levels', nameRequired: 'Enter a name',
    },
    imports: {
      title: 'Import customers or past trades', kind: 'The file holds', kindAuto: 'Tell by the header', kinds: { customers: 'Customers', trades: 'Past trades' },
      pick: 'Choose a CSV file', start: 'Import', noFile: 'Choose a file first',
      columns: {
        customers: 'Customer columns: nick (required), mobile, tags (separated by ; or ,), notes, opt_out (yes/no). An empty cell keeps what the shop has; tags are only added.',
        trades: 'Trade columns: tid, buyer_nick, created, pay_time, status, payment (yuan), title, num, num_iid; all but pay_time and num_iid are required.',
      },
      format: 'The first line names the columns (Chinese or English); UTF-8, or GBK as Excel saves it; comma, tab or semicolon separated; at most 16 MB and 100,000 rows. Importing a file again adds nothing twice.',
      current: 'Progress', progress: '{{processed}} of {{total}} rows processed',
      statusCol: 'Status', status: { running: 'Importing', done: 'Done', failed: 'Failed', interrupted: 'Interrupted' },
      summary: '{{imported}} rows imported, {{rejected}} rows skipped', rejectedTitle: 'Rows not imported', line: 'Line', code: 'Code', reason: 'Reason',
      errorsKept: 'Only the first 1,000 errors are kept', noErrors: 'Every row was imported', recent: 'Recent imports', id: 'No.', file: 'File', by: 'By',
      created: 'Started', finished: 'Finished', rows: 'Rows', imported: 'Imported', rejected: 'Skipped', view: 'View', none: 'No imports yet',
      failure: 'The import stopped: {{reason}}',
    },
    stats: {
      title: 'Repurchase', allTime: 'All time', customers: 'Customers', buyers: 'Buyers', repeatBuyers: 'Repeat buyers', rate: 'Repurchase rate',
      spend: 'Sales', range: 'Last 12 months: {{buyers}} buyers, {{repeat}} repeat buyers, repurchase rate {{rate}}',
      periods: { day: 'Daily', week: 'Weekly', month: 'Monthly' }, start: { day: 'Day', week: 'Week of', month: 'Month' },
      none: 'No purchases in this time', hint: 'Repurchase rate = buyers with two purchases or more ÷ buyers; each period counts the trades paid within it.',
    },
  },
};
