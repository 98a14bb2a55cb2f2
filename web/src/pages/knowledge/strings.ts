/** Wording of the knowledge page (知识库 and 快捷短语), merged into the app's resources under `kb`. */
export const zhCN = {
  kb: {
    title: '知识库', tabEntries: '知识库', tabReplies: '快捷短语', readOnly: '只读：修改知识库需要「商品管理」权限（catalog.manage）',
    search: '搜索问题或答案', anyItem: '全部商品', shopWide: '全店通用', add: '新增知识', import: '导入', edit: '编辑',
    deleteAsk: '确定删除这条知识？', deleted: '已删除', saved: '已保存', total: '共 {{n}} 条', empty: '知识库还是空的',
    question: '标准问题', similar: '相似问法', similarCount: '+{{n}} 种问法', answer: '答案', item: '适用商品', updatedAt: '更新时间',
    form: {
      addTitle: '新增知识', editTitle: '编辑知识', questionRequired: '请输入标准问题', answerRequired: '请输入答案',
      tooLong: '最多 {{max}} 个字', similarHint: '买家的其他问法，每条回车确认；越贴近买家的说法，推荐越准', similarPlaceholder: '如：几天能发货',
      itemHint: '只回答某个商品的问题时选择；不选则全店通用', itemPlaceholder: '全店通用', tooManySimilar: '相似问法最多 {{max}} 条',
    },
    importer: {
      title: '导入知识', hint: '粘贴或选择 JSON / CSV 文件。同一标准问题已存在时会被覆盖。',
      formats: 'JSON：[{"question","similar":[…],"answer","num_iid"}]；CSV 列：question（标准问题）、similar（相似问法，用 | 分隔）、answer（答案）、num_iid（商品 ID，可空），首行为表头。',
      file: '选择文件', placeholder: '在此粘贴 JSON 或 CSV', parsed: '识别到 {{n}} 条', problems: '以下行无法识别，不会导入：',
      line: '第 {{line}} 行：{{reason}}', submit: '导入 {{n}} 条', done: '已导入 {{n}} 条', empty: '没有可导入的内容',
      badJson: 'JSON 格式不正确：{{error}}', noQuestion: '缺少标准问题', noAnswer: '缺少答案', badItem: '商品 ID 不正确',
      missingColumns: 'CSV 首行需包含 question 和 answer 列（或 标准问题、答案）', quote: '引号没有闭合',
    },
    tryIt: {
      title: '试一试', hint: '输入一句买家可能会问的话，看看知识库会推荐哪些答案', placeholder: '如：拍了几天能到', ask: '推荐',
      none: '知识库中没有合适的答案', confidence: '置信度 {{p}}%', fromEntry: '知识库', fromProduct: '商品知识',
    },
    auto: {
      title: '自动回复', hint: '置信度足够高时由系统直接回复买家，消息前会带上标记，让买家知道是自动回复。默认关闭。',
      enabled: '开启自动回复', threshold: '置信度达到', offline: '无客服在线时也自动回复', offlineThreshold: '无人在线时的置信度',
      prefix: '回复前缀', save: '保存设置', readOnly: '修改自动回复需要「店铺设置」权限（setting.manage）',
      thresholdHint: '≥ 0.9 时约 98% 的自动回复是对的；≥ 0.7 时约 95%', llm: '已接入语言模型：{{model}}',
    },
    replies: {
      team: '团队短语', personal: '我的短语', search: '搜索编码或内容', group: '分组', allGroups: '全部分组', code: '快捷编码',
      text: '内容', used: '使用次数', add: '新增短语', groups: '管理分组', import: '导入', export: '导出', exportCsv: '导出 CSV（表格）',
      exportJson: '导出 JSON', empty: '还没有短语', readOnlyTeam: '团队短语由主账号或有「快捷短语管理」权限（replies.manage）的同事维护，您可以使用但不能修改。',
      deleteAsk: '确定删除这条短语？', variablesTitle: '可用变量', variablesHint: '发送时自动替换；没有值的变量会原样留在输入框，请客服补全后再发。',
      variable: { 买家: '买家昵称', 订单号: '买家在本店最新订单的订单号', 运单号: '该订单发货后的运单号', 客服: '当前客服的名字' },
      groupCount: '{{n}} 条',
      form: {
        addTitle: '新增短语', editTitle: '编辑短语', group: '分组', groupRequired: '请选择或输入分组', groupHint: '输入新名字即新建分组',
        code: '快捷编码', codeHint: '在聊天框输入 / 加编码即可调出，如 /hi；字母、数字和 /，最多 20 个字符，可不填',
        codeRule: '只能用字母、数字和 /，最多 20 个字符', text: '内容', textRequired: '请输入内容', tooLong: '最多 {{max}} 个字',
        insert: '插入变量',
      },
      groupAdmin: {
        title: '管理分组', name: '分组名', add: '添加分组', rename: '重命名', deleteAsk: '确定删除这个分组？', notEmptyHint: '分组内还有短语时不能删除',
        nameRequired: '请输入分组名',
      },
      importer: {
        title: '导入短语', hint: '粘贴 CSV 或选择 CSV / JSON 文件。列为 group,code,text（分组,快捷编码,内容），可带表头；没有分组的放入「常用」。已存在的编码会被更新，重复导入不会产生重复短语。',
        file: '选择文件', placeholder: '分组,快捷编码,内容\n问候,hi,您好{买家}，请问有什么可以帮您？', submit: '导入', empty: '请粘贴或选择要导入的内容',
        result: '导入 {{imported}} 条：新增 {{created}}，更新 {{updated}}，未变 {{unchanged}}，新建分组 {{groups}}',
        skipped: '跳过 {{n}} 行：', line: '第 {{line}} 行：{{message}}', badJson: 'JSON 格式不正确：{{error}}',
      },
    },
  },
};

export const en: typeof zhCN = {
  kb: {
    title: 'Knowledge', tabEntries: 'Knowledge base', tabReplies: 'Quick replies', readOnly: 'Read only: changing the knowledge base needs catalog.manage',
    search: 'Search questions or answers', anyItem: 'All items', shopWide: 'Whole shop', add: 'New entry', import: 'Import', edit: 'Edit',
    deleteAsk: 'Delete this entry?', deleted: 'Deleted', saved: 'Saved', total: '{{n}} entries', empty: 'The knowledge base is empty',
    question: 'Question', similar: 'Similar phrasings', similarCount: '+{{n}} phrasings', answer: 'Answer', item: 'Item', updatedAt: 'Updated',
    form: {
      addTitle: 'New entry', editTitle: 'Edit entry', questionRequired: 'Write the question', answerRequired: 'Write the answer',
      tooLong: 'At most {{max}} characters', similarHint: 'Other ways buyers ask it, Enter after each; the closer to how buyers talk, the better the suggestions',
      similarPlaceholder: 'e.g. when will it ship', itemHint: 'Only for questions about one item; empty for the whole shop', itemPlaceholder: 'Whole shop',
      tooManySimilar: 'At most {{max}} similar phrasings',
    },
    importer: {
      title: 'Import entries', hint: 'Paste or choose a JSON or CSV file. An entry whose question exists replaces it.',
      formats: 'JSON: [{"question","similar":[…],"answer","num_iid"}]. CSV columns: question, similar (separated by |), answer, num_iid (optional), with a header line.',
      file: 'Choose file', placeholder: 'Paste JSON or CSV here', parsed: '{{n}} entries found', problems: 'These lines could not be read and are left out:',
      line: 'Line {{line}}: {{reason}}', submit: 'Import {{n}}', done: '{{n}} imported', empty: 'Nothing to import',
      badJson: 'Invalid JSON: {{error}}', noQuestion: 'No question', noAnswer: 'No answer', badItem: 'Invalid item id',
      missingColumns: 'The CSV header needs question and answer columns', quote: 'Unclosed quote',
    },
    tryIt: {
      title: 'Try it', hint: 'Type something a buyer might ask and see which answers come up', placeholder: 'e.g. how many days until it arrives', ask: 'Suggest',
      none: 'Nothing fitting in the knowledge base', confidence: '{{p}}% sure', fromEntry: 'Knowledge base', fromProduct: 'Product',
    },
    auto: {
      title: 'Auto-reply', hint: 'When confident enough, the system answers the buyer itself, with a marker so the buyer knows. Off by default.',
      enabled: 'Auto-reply', threshold: 'Confidence at least', offline: 'Also when no agent is online', offlineThreshold: 'Confidence when nobody is online',
      prefix: 'Marker', save: 'Save', readOnly: 'Changing auto-reply needs setting.manage',
      thresholdHint: 'At ≥ 0.9 about 98% of automatic answers are right; at ≥ 0.7 about 95%', llm: 'Language model: {{model}}',
    },
    replies: {
      team: 'Team phrases', personal: 'My phrases', search: 'Search code or text', group: 'Group', allGroups: 'All groups', code: 'Code',
      text: 'Text', used: 'Used', add: 'New phrase', groups: 'Groups', import: 'Import', export: 'Export', exportCsv: 'Export CSV (spreadsheet)',
      exportJson: 'Export JSON', empty: 'No phrases yet', readOnlyTeam: 'Team phrases are kept by the main account or colleagues with replies.manage; you can use them but not change them.',
      deleteAsk: 'Delete this phrase?', variablesTitle: 'Variables', variablesHint: 'Filled in when used; one without a value stays in the input box for the agent to complete.',
      variable: { 买家: "The buyer's nick", 订单号: "The buyer's newest trade with the shop", 运单号: "That trade's waybill number, once shipped", 客服: "The agent's name" },
      groupCount: '{{n}}',
      form: {
        addTitle: 'New phrase', editTitle: 'Edit phrase', group: 'Group', groupRequired: 'Choose or type a group', groupHint: 'A new name makes a new group',
        code: 'Code', codeHint: 'Type / and the code in the chat box, e.g. /hi; letters, digits and /, at most 20; optional',
        codeRule: 'Letters, digits and / only, at most 20', text: 'Text', textRequired: 'Write the text', tooLong: 'At most {{max}} characters',
        insert: 'Insert',
      },
      groupAdmin: {
        title: 'Groups', name: 'Name', add: 'Add group', rename: 'Rename', deleteAsk: 'Delete this group?', notEmptyHint: 'A group that still holds phrases cannot be deleted',
        nameRequired: 'Write a name',
      },
      importer: {
        title: 'Import phrases', hint: 'Paste CSV or choose a CSV or JSON file. Columns group,code,text, header optional; rows without a group go to 常用. A known code is updated; importing twice adds nothing twice.',
        file: 'Choose file', placeholder: 'group,code,text\nGreetings,hi,Hello {买家}, how can I help?', submit: 'Import', empty: 'Paste or choose something to import',
        result: '{{imported}} imported: {{created}} new, {{updated}} updated, {{unchanged}} unchanged, {{groups}} new groups',
        skipped: '{{n}} lines skipped:', line: 'Line {{line}}: {{message}}', badJson: 'Invalid JSON: {{error}}',
      },
    },
  },
};
