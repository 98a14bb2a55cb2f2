/** Products for seeding: the demo shops' items with full knowledge text, and a believable catalogue for benchmarks. */

export interface SeedSku {
  properties_name: string;
  price: number;
  quantity: number;
  weight_g?: number;
}

export interface SeedProduct {
  title: string;
  weight_g: number;
  material: string;
  size_chart: string;
  usage: string;
  care: string;
  suitable_for: string;
  not_suitable_for: string;
  notes: string;
  skus: SeedSku[];
}

const sizes = (colors: string[], sizes: [string, number][], quantity: number): SeedSku[] =>
  colors.flatMap((c) => sizes.map(([s, price]) => ({ properties_name: `颜色:${c};尺码:${s}`, price, quantity })));

/** The C-shop `demo`: clothing, a children's toy, kitchenware, tea and a vacuum cup. */
export const DEMO_PRODUCTS: SeedProduct[] = [
  {
    title: '纯棉短袖T恤 男女同款 重磅圆领',
    weight_g: 250,
    material: '100% 新疆长绒棉，220g 重磅精梳棉；罗纹领口加 5% 氨纶，不易变形',
    size_chart: 'S：胸围 100cm，衣长 66cm，身高 155–165cm、体重 45–55kg\nM：胸围 106cm，衣长 69cm，165–172cm、55–65kg\n'
      + 'L：胸围 112cm，衣长 72cm，172–178cm、65–75kg\nXL：胸围 118cm，衣长 74cm，178–185cm、75–85kg\n平铺测量，误差 1–2cm 属正常',
    usage: '宽松版型，可单穿或作打底；介于两个尺码之间建议选大一码',
    care: '30℃ 以下冷水手洗或装洗衣袋机洗，深浅分开；勿漂白、勿暴晒，反面晾干，中温熨烫',
    suitable_for: '日常通勤、运动休闲，男女同款，身高 155–185cm',
    not_suitable_for: '对棉纤维过敏者',
    notes: '深色款首次洗涤有少量浮色属正常；纯棉约有 3% 缩水',
    skus: sizes(['白色', '黑色', '雾霾蓝'], [['S', 5900], ['M', 5900], ['L', 5900], ['XL', 6900]], 200),
  },
  {
    title: '儿童益智大颗粒积木 收纳桶装',
    weight_g: 1200,
    material: 'ABS 食品级塑料，不含 BPA，边角圆润处理，通过 3C 认证',
    size_chart: '单颗积木 3.2×1.6cm 起；经典款 120 粒，收纳桶直径 28cm、高 25cm；豪华款 240 粒，两桶装',
    usage: '参照随附图纸可拼出 20 种造型，也可自由搭建；建议家长陪同游戏',
    care: '可用温水加中性洗涤剂清洗后自然晾干；勿用开水烫，勿放入洗碗机',
    suitable_for: '3–8 岁儿童，锻炼动手能力和空间想象力',
    not_suitable_for: '不适合3岁以下婴幼儿：含小零件，有窒息危险',
    notes: '颜色随机搭配，不可指定；请勿让儿童将积木放入口中',
    skus: [
      { properties_name: '规格:经典款120粒', price: 9900, quantity: 150 },
      { properties_name: '规格:豪华款240粒', price: 16900, quantity: 80, weight_g: 2200 },
    ],
  },
  {
    title: '麦饭石色不粘炒锅 带玻璃盖',
    weight_g: 1800,
    material: '锅身铝合金压铸，内壁麦饭石色不粘涂层（不含 PFOA），锅底复合导磁钢片，钢化玻璃可视锅盖',
    size_chart: '30cm：口径 30cm、深 9cm、约 1.6kg，适合 2–4 人\n32cm：口径 32cm、深 9.5cm、约 1.8kg，适合 4–6 人',
    usage: '燃气灶、电磁炉、电陶炉通用。首次使用前温水洗净，薄涂一层油小火加热 1 分钟开锅；中小火即可，切勿空烧',
    care: '待锅冷却后用软布或海绵清洗，勿用钢丝球；勿长时间浸泡；不可放入洗碗机',
    suitable_for: '家庭日常炒、煎、焖、煮',
    not_suitable_for: '不适用于烤箱和微波炉；不建议使用金属锅铲',
    notes: '涂层明显磨损后请停止使用；配木铲或硅胶铲更耐用',
    skus: [
      { properties_name: '尺寸:30cm', price: 12900, quantity: 60 },
      { properties_name: '尺寸:32cm', price: 14900, quantity: 40, weight_g: 2000 },
    ],
  },
  {
    title: '明前西湖龙井 特级 罐装绿茶',
    weight_g: 400,
    material: '西湖龙井一级产区（梅家坞）明前头采，一芽一叶初展，传统手工炒制',
    size_chart: '250g：2 罐 × 125g；500g：4 罐 × 125g 礼盒装',
    usage: '玻璃杯下投法：3g 茶叶，先注 1/3 杯 80–85℃ 热水润茶 30 秒，再注满，1–2 分钟后品饮，可续水 3 次',
    care: '密封、避光、防潮、防异味；开封后放冰箱冷藏（0–5℃），建议 3 个月内喝完',
    suitable_for: '喜欢清香绿茶的成年人，日常品饮或送礼',
    not_suitable_for: '孕妇、哺乳期女性及胃寒、失眠者慎饮；不建议空腹或睡前饮用',
    notes: '保质期 18 个月；新茶青草气略重，放置 1–2 周后香气更稳',
    skus: [
      { properties_name: '净含量:250g', price: 25800, quantity: 100 },
      { properties_name: '净含量:500g礼盒', price: 48800, quantity: 50, weight_g: 750 },
    ],
  },
  {
    title: '316不锈钢保温杯 500ml 办公学生便携',
    weight_g: 350,
    material: '内胆 316 医用级不锈钢，外壳 304 不锈钢，杯盖 PP + 食品级硅胶密封圈',
    size_chart: '容量 500ml，高 22cm，口径 5.5cm，重约 320g',
    usage: '使用前用开水预热 1 分钟保温更好；6 小时后水温 ≥ 65℃',
    care: '用软毛杯刷清洗，硅胶圈可拆洗；勿放洗碗机、微波炉；勿装碳酸饮料，牛奶不宜久放',
    suitable_for: '通勤、办公、户外，学生和上班族',
    not_suitable_for: '不适合3岁以下儿童单独使用：装热水时开盖易烫伤',
    notes: '请勿装满，留 1cm 空间，防止拧盖时溢出烫伤',
    skus: ['珍珠白', '墨黑', '樱花粉'].map((c) => ({ properties_name: `颜色:${c}`, price: 8900, quantity: 120 })),
  },
];

/** The mall shop `tmall-demo`: home textiles and personal care. */
export const MALL_DEMO_PRODUCTS: SeedProduct[] = [
  {
    title: '100%桑蚕丝被 春秋被 60支全棉贡缎',
    weight_g: 2500,
    material: '填充 100% 桑蚕长丝（A 级），面料 60 支全棉贡缎，立体包边',
    size_chart: '150×200cm：填充 1kg，适合 1.2–1.5m 床\n200×230cm：填充 1.5kg，适合 1.8m 床',
    usage: '首次使用前在通风处晾 2–3 小时；建议搭配被套使用',
    care: '不可水洗、不可干洗、不可暴晒；定期在阴凉通风处晾晒并轻拍',
    suitable_for: '春秋季节，室温 16–25℃；怕热、易出汗的人',
    not_suitable_for: '对蚕丝蛋白过敏者；严寒冬季需另加盖毯',
    notes: '天然蚕丝有轻微蛋白质气味，晾晒后会消散',
    skus: [
      { properties_name: '尺寸:150×200cm', price: 69900, quantity: 30 },
      { properties_name: '尺寸:200×230cm', price: 89900, quantity: 20, weight_g: 3200 },
    ],
  },
  {
    title: '声波电动牙刷 成人款 30天续航',
    weight_g: 300,
    material: '机身 ABS + 硅胶，杜邦软毛刷头，IPX7 防水',
    size_chart: '机身长 24cm，重约 110g；随附 2 支刷头',
    usage: '清洁、美白、敏感 3 种模式，每次 2 分钟，每 30 秒提醒换区；充满电约可用 30 天',
    care: '用后冲洗刷头并甩干，刷头建议每 3 个月更换一次',
    suitable_for: '成人及 12 岁以上青少年',
    not_suitable_for: '12 岁以下儿童；口腔手术后 2 个月内请先咨询牙医',
    notes: '初次使用有轻微麻感，一周左右会适应',
    skus: ['星空黑', '樱花粉'].map((c) => ({ properties_name: `颜色:${c}`, price: 19900, quantity: 80 })),
  },
];

interface Category {
  knowledge: Omit<SeedProduct, 'title' | 'weight_g' | 'skus' | 'material'>;
  axis: string;
  values: string[];
  items: [title: string, material: string, price: number, weightG: number][];
}

/** Ten departments of five items: the catalogue of a believable general store. */
const CATEGORIES: Category[] = [
  {
    axis: '尺码', values: ['S', 'M', 'L', 'XL'],
    knowledge: { size_chart: 'S 155–165cm；M 165–172cm；L 172–178cm；XL 178–185cm，平铺测量误差 1–2cm', usage: '常规版型，按平时尺码选购',
      care: '30℃ 以下冷水洗，深浅分开，勿漂白，反面阴干', suitable_for: '日常通勤、休闲', not_suitable_for: '对相应面料过敏者',
      notes: '纯棉制品约有 3% 缩水' },
    items: [['加绒连帽卫衣', '棉 80%，聚酯纤维 20%', 12900, 600], ['直筒牛仔裤', '棉 98%，氨纶 2%', 15900, 700],
      ['法式碎花连衣裙', '雪纺（聚酯纤维 100%）', 18900, 300], ['商务免烫衬衫', '棉 70%，聚酯纤维 30%', 13900, 280],
      ['摇粒绒开衫外套', '聚酯纤维 100%', 9900, 450]],
  },
  {
    axis: '款式', values: ['标准款', '升级款'],
    knowledge: { size_chart: '见包装标注', usage: '请在成人陪同下游戏，玩后收纳', care: '用湿布擦拭，勿浸水暴晒',
      suitable_for: '3–10 岁儿童', not_suitable_for: '不适合3岁以下婴幼儿：含小零件，有窒息危险', notes: '通过 3C 认证' },
    items: [['磁力片积木 100片', 'ABS 塑料 + 钕铁硼磁铁', 15900, 1500], ['毛绒泰迪熊 60cm', 'PP 棉填充，短毛绒面料', 8900, 800],
      ['木质拼图 中国地图', '椴木，水性漆', 4900, 500], ['遥控越野车 四驱', 'ABS 塑料，锂电池', 19900, 1200],
      ['儿童画板 磁性写字板', 'ABS 塑料，磁粉', 5900, 600]],
  },
  {
    axis: '规格', values: ['单件', '两件装'],
    knowledge: { size_chart: '见详情页尺寸图', usage: '首次使用前清洗干净', care: '用软布清洗后擦干，勿用钢丝球',
      suitable_for: '家庭厨房', not_suitable_for: '不可放入微波炉（玻璃制品除外）', notes: '燃气灶、电磁炉通用款请看标题' },
    items: [['德式不锈钢菜刀', '5Cr15MoV 不锈钢', 8900, 400], ['竹制加厚砧板', '整竹压制，无胶水', 5900, 1500],
      ['高硼硅玻璃保鲜盒 3件套', '高硼硅玻璃，PP 盖', 6900, 1300], ['铸铁珐琅炖锅 22cm', '铸铁，外珐琅涂层', 29900, 3500],
      ['硅胶厨具 五件套', '食品级硅胶，榉木柄', 7900, 700]],
  },
  {
    axis: '净含量', values: ['100g', '250g'],
    knowledge: { size_chart: '罐装或袋装，见规格', usage: '按 1:50 茶水比冲泡，水温见包装', care: '密封避光防潮，开封后尽快饮用',
      suitable_for: '喜欢喝茶的成年人', not_suitable_for: '孕妇、哺乳期女性及失眠者慎饮', notes: '保质期 18–36 个月，以包装为准' },
    items: [['安溪铁观音 浓香型', '福建安溪铁观音茶', 12800, 300], ['云南普洱熟茶 饼茶', '云南大叶种晒青毛茶', 16800, 400],
      ['福鼎白茶 白牡丹', '福鼎大白茶一芽二叶', 13800, 300], ['正山小种 红茶', '武夷山桐木关红茶', 11800, 300],
      ['碧螺春 明前', '苏州洞庭山碧螺春', 19800, 250]],
  },
  {
    axis: '规格', values: ['单袋', '三袋装'],
    knowledge: { size_chart: '独立小包装', usage: '开袋即食', care: '阴凉干燥处保存，开封后尽快食用',
      suitable_for: '休闲零食', not_suitable_for: '坚果过敏者慎食；3 岁以下儿童不宜食用整粒坚果', notes: '保质期 9 个月' },
    items: [['每日坚果 30袋', '腰果、巴旦木、核桃仁、蔓越莓干', 9900, 800], ['风干牛肉干 500g', '牛肉、食用盐、白砂糖', 8900, 600],
      ['手撕芒果干 500g', '芒果、白砂糖', 3900, 550], ['原味夏威夷果 500g', '夏威夷果', 5900, 600],
      ['麻辣小鱼仔 400g', '鳀鱼、辣椒、花椒', 2900, 450]],
  },
  {
    axis: '规格', values: ['标准款', '加大款'],
    knowledge: { size_chart: '四件套标准款适合 1.5m 床（被套 200×230cm），加大款适合 1.8m 床（被套 220×240cm）；枕头、浴巾见详情页', usage: '首次使用前水洗一次',
      care: '30℃ 以下水温洗涤，中性洗涤剂，阴干', suitable_for: '四季通用', not_suitable_for: '对相应面料过敏者',
      notes: '深色款首次洗涤有轻微浮色' },
    items: [['全棉磨毛四件套', '100% 棉，磨毛工艺', 29900, 2200], ['天丝凉感四件套', '莱赛尔纤维 60%，棉 40%', 39900, 2000],
      ['乳胶枕 成人护颈', '泰国天然乳胶 93%', 15900, 1300], ['纯棉加厚浴巾', '100% 长绒棉', 6900, 700],
      ['羽绒被 95白鸭绒', '95% 白鸭绒，全棉面料', 59900, 2800]],
  },
  {
    axis: '规格', values: ['单支装', '两支装'],
    knowledge: { size_chart: '见包装标注容量', usage: '洁面后取适量使用', care: '置于阴凉处，避免阳光直射',
      suitable_for: '成人各类肤质', not_suitable_for: '孕妇、敏感肌请先在耳后试用；伤口处勿用', notes: '开封后 12 个月内用完' },
    items: [['氨基酸洗面奶 120g', '氨基酸表面活性剂', 6900, 200], ['玻尿酸补水面膜 10片', '透明质酸钠、天丝膜布', 7900, 350],
      ['护手霜礼盒 5支', '乳木果油、甘油', 5900, 300], ['防晒霜 SPF50+', '物化结合防晒剂', 9900, 120],
      ['洗发水 去屑控油 500ml', '吡罗克酮乙醇胺盐', 6900, 650]],
  },
  {
    axis: '颜色', values: ['黑色', '白色'],
    knowledge: { size_chart: '见详情页参数', usage: '首次使用前充满电', care: '避免摔落、进水和高温',
      suitable_for: '手机、平板用户', not_suitable_for: '请勿在飞机上使用大容量充电设备', notes: '享一年质保，七天无理由退换' },
    items: [['快充数据线 1.5m', 'TPE 线材，铝合金接头', 2900, 80], ['充电宝 20000mAh', '锂聚合物电芯', 12900, 450],
      ['磁吸手机壳', 'TPU + PC', 3900, 60], ['蓝牙耳机 降噪', 'ABS 外壳，蓝牙 5.3', 19900, 150],
      ['桌面手机支架', '铝合金', 4900, 300]],
  },
  {
    axis: '规格', values: ['单件', '五件装'],
    knowledge: { size_chart: 'A5 尺寸 148×210mm', usage: '适用中性笔、钢笔书写', care: '避免受潮', suitable_for: '学生、办公',
      not_suitable_for: '小零件不适合3岁以下儿童', notes: '纸张 100g 道林纸' },
    items: [['A5 活页笔记本', '道林纸，PP 封皮', 1900, 300], ['中性笔 0.5mm 12支', 'ABS 笔杆，日本墨水', 1500, 150],
      ['手账本 礼盒套装', '道林纸，PU 皮封面', 5900, 600], ['荧光笔 6色', '水性墨水', 1200, 100],
      ['桌面收纳盒 三层', 'PS 塑料', 3900, 800]],
  },
  {
    axis: '规格', values: ['小包装', '大包装'],
    knowledge: { size_chart: '袋装', usage: '按包装建议量喂食，换粮时 7 天渐进过渡', care: '开袋后密封，阴凉干燥处保存',
      suitable_for: '成年犬猫', not_suitable_for: '处方粮需遵兽医建议；幼宠请选幼年配方', notes: '保质期 18 个月' },
    items: [['全价成猫粮 鸡肉味', '鸡肉、鸡肉粉、糙米', 8900, 2200], ['豆腐猫砂 原味', '豌豆纤维', 4900, 2500],
      ['成犬狗粮 牛肉味', '牛肉、玉米、鸡肉粉', 9900, 2200], ['冻干鸡胸肉 零食', '鸡胸肉', 5900, 300],
      ['宠物羊奶粉', '脱脂羊乳粉', 6900, 400]],
  },
];

/** Fifty items and over a hundred SKUs: enough variety for believable trades. */
export function benchCatalog(): SeedProduct[] {
  return CATEGORIES.flatMap((c) => c.items.map(([title, material, price, weight]) => ({
    title, weight_g: weight, material, ...c.knowledge,
    skus: c.values.map((v, i) => ({
      properties_name: `${c.axis}:${v}`,
      // The second option is the larger one: it costs more and weighs more.
      price: i === 0 ? price : Math.round((price * (1 + 0.6 * i)) / 100) * 100,
      quantity: 5000,
      weight_g: Math.round(weight * (1 + 0.8 * i)),
    })),
  })));
}
