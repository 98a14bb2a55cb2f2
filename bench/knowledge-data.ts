import type { KnowledgeEntry, ProductKnowledge } from '../src/modules/knowledge/rules.ts';

/**
 * A large shop's knowledge, generated deterministically: products across many categories with their knowledge
 * fields, entries scoped to products (a real shop writes most of its answers per product), and shop-wide entries on
 * many topics beyond the demo's. They share words with the demo's questions (尺寸, 安装, 保修, 颜色…), which is what
 * makes them hard to tell apart.
 */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Category { name: string; kind: 'wear' | 'home' | 'kid' | 'kitchen' | 'digital' | 'beauty'; material: string[] }
const CATEGORIES: Category[] = [
  { name: '卫衣', kind: 'wear', material: ['纯棉', '加绒', '毛圈棉'] }, { name: '连衣裙', kind: 'wear', material: ['雪纺', '棉麻', '真丝'] },
  { name: '羽绒服', kind: 'wear', material: ['白鸭绒', '白鹅绒'] }, { name: '衬衫', kind: 'wear', material: ['纯棉', '牛津纺', '亚麻'] },
  { name: '运动裤', kind: 'wear', material: ['速干', '针织棉'] }, { name: '毛衣', kind: 'wear', material: ['羊毛', '羊绒', '马海毛'] },
  { name: '帆布鞋', kind: 'wear', material: ['帆布', '橡胶底'] }, { name: '双肩包', kind: 'wear', material: ['牛津布', '尼龙'] },
  { name: '四件套', kind: 'home', material: ['全棉', '天丝', '磨毛'] }, { name: '乳胶枕', kind: 'home', material: ['天然乳胶'] },
  { name: '收纳箱', kind: 'home', material: ['PP塑料', '布艺'] }, { name: '落地灯', kind: 'home', material: ['铁艺', '实木'] },
  { name: '餐桌', kind: 'home', material: ['实木', '岩板'] }, { name: '地毯', kind: 'home', material: ['羊毛', '化纤'] },
  { name: '遥控汽车', kind: 'kid', material: ['ABS塑料'] }, { name: '磁力片', kind: 'kid', material: ['ABS塑料'] },
  { name: '绘本', kind: 'kid', material: ['铜版纸'] }, { name: '毛绒公仔', kind: 'kid', material: ['PP棉', '短毛绒'] },
  { name: '保温杯', kind: 'kitchen', material: ['316不锈钢', '304不锈钢'] }, { name: '炒锅', kind: 'kitchen', material: ['铸铁', '不粘涂层'] },
  { name: '空气炸锅', kind: 'kitchen', material: ['食品级塑料'] }, { name: '刀具套装', kind: 'kitchen', material: ['德国钢'] },
  { name: '蓝牙耳机', kind: 'digital', material: ['ABS'] }, { name: '充电宝', kind: 'digital', material: ['铝合金'] },
  { name: '手机壳', kind: 'digital', material: ['硅胶', 'TPU'] }, { name: '机械键盘', kind: 'digital', material: ['PBT键帽'] },
  { name: '面霜', kind: 'beauty', material: ['烟酰胺', '玻尿酸'] }, { name: '洗面奶', kind: 'beauty', material: ['氨基酸'] },
  { name: '口红', kind: 'beauty', material: ['植物蜡'] }, { name: '防晒霜', kind: 'beauty', material: ['物理防晒'] },
];
const STYLES = ['韩版', '北欧风', '日系', '简约', '复古', '加厚', '轻薄', '大容量', '迷你', '高端', '网红', '新款', '经典', '升级款', '便携'];
const BRANDS = ['小二', '木槿', '青禾', '云朵', '北岸', '初见', '拾光', '山野', '元气', '白鹭'];

/** What a shop writes per product, by kind of product: [question, answer]. */
const SCOPED: Record<Category['kind'] | 'any', [string, string][]> = {
  any: [['有几种颜色可以选', '目前有{n}种颜色，页面上都能选'], ['重量是多少', '净重约{n}00克'], ['包装里有什么', '主体一件、说明书一份、合格证一张'],
    ['这款和上一代有什么区别', '升级了{m}，做工更细致'], ['有没有同款的其他尺寸', '有大小两个规格'], ['是新款吗', '是今年的新款'],
    ['产地是哪里', '产地浙江义乌'], ['有检测报告吗', '有第三方检测报告，需要可以发给您'], ['库存多吗', '库存充足，放心拍'], ['送人合适吗', '很适合送人，可以帮您做礼品包装']],
  wear: [['里面是加绒的吗', '{m}款，秋冬穿保暖'], ['袖长多少', '袖长约{n}0厘米'], ['透不透', '不透，可以放心穿'], ['起不起球', '{m}面料，正常穿着不易起球'],
    ['有没有大码', '最大做到{n}XL'], ['是修身款吗', '版型略宽松'], ['领口会不会变形', '领口加了罗纹，不易变形']],
  home: [['需要自己安装吗', '需要简单安装，附安装视频'], ['有没有异味', '出厂前通风处理，拆开放一两天味道就散了'], ['承重多少', '承重约{n}0公斤'],
    ['尺寸多大', '长{n}0厘米，宽{n}5厘米'], ['能水洗吗', '{m}材质，建议干洗或擦拭'], ['会不会变形', '不会，框架加固过']],
  kid: [['有没有小零件', '有小零件，3岁以下请勿玩耍'], ['用什么电池', '用{n}节5号电池，不含电池'], ['有3C认证吗', '有3C认证'], ['掉了能修吗', '配件可以单独购买'],
    ['是环保材料吗', '{m}环保材质，无毒无味']],
  kitchen: [['保温效果怎么样', '6小时保温在{n}0度以上'], ['能放洗碗机吗', '可以放洗碗机，但建议手洗更耐用'], ['电磁炉能用吗', '电磁炉、燃气灶都能用'],
    ['功率多大', '功率{n}00瓦'], ['会不会生锈', '{m}材质，不易生锈'], ['第一次用怎么开锅', '先用清水煮开再抹油']],
  digital: [['电池能用多久', '充满电可以用{n}小时'], ['充电要多久', '大约{n}小时充满'], ['支持快充吗', '支持{n}0瓦快充'], ['兼容什么手机', '苹果和安卓都兼容'],
    ['连接不上怎么办', '长按电源键5秒重置后重新配对'], ['可以带上飞机吗', '容量符合民航规定，可以随身携带']],
  beauty: [['保质期多久', '未开封保质期3年，开封后12个月内用完'], ['敏感肌能用吗', '{m}配方，敏感肌建议先在耳后试用'], ['孕妇能用吗', '孕期建议咨询医生后使用'],
    ['是什么肤质适用', '适合干性和混合性肌肤'], ['有没有香味', '淡淡的植物香味'], ['怎么辨别真假', '扫瓶身防伪码可以查验']],
};

/** Shop-wide topics a larger shop also answers: [question template, answer]. {x} is filled with an object. */
const TOPICS: [string, string][] = [
  ['{x}支持以旧换新吗', '目前{x}暂不支持以旧换新'], ['{x}有没有上门安装服务', '{x}在主要城市提供上门安装'], ['{x}的售后网点在哪', '{x}全国联保，可以在官网查询网点'],
  ['{x}能开具检测报告吗', '{x}都有质检报告，需要可以发您'], ['{x}的电压是多少', '{x}为国内220伏电压'], ['{x}能用于商用吗', '{x}为家用设计，商用不保修'],
  ['{x}有没有企业采购合同', '{x}企业采购可以签合同'], ['{x}的说明书丢了怎么办', '{x}说明书可以向客服要电子版'], ['{x}可以试用吗', '{x}暂不提供试用装'],
  ['{x}的配件在哪里买', '{x}配件在店铺配件专区购买'], ['{x}有直播优惠吗', '{x}直播间有专属价'], ['{x}能寄到学校吗', '{x}可以寄到学校，请写清楚宿舍号'],
  ['{x}会员等级怎么升级', '{x}消费满额自动升级'], ['{x}过敏了怎么办', '使用{x}出现不适请立即停用并就医'], ['{x}防伪码怎么查', '{x}刮开防伪码在官网查询'],
  ['{x}怎么注册会员', '{x}在店铺首页点加入会员'], ['{x}能不能当天送达', '{x}同城仓支持当日达'], ['{x}的包装环保吗', '{x}使用可回收包装'],
  ['{x}有英文说明书吗', '{x}附中英文说明书'], ['{x}适不适合出差带', '{x}小巧便携适合出差'], ['{x}有教程视频吗', '{x}教程视频在详情页底部'],
  ['{x}可以抽奖吗', '{x}购物满额可参加抽奖'], ['{x}有没有学生优惠', '{x}学生认证后享9折'], ['{x}出口转内销吗', '{x}为国内正规渠道产品'],
  ['{x}能开收据吗', '{x}可以提供收据'], ['{x}怎么参加试用活动', '{x}试用活动在店铺首页报名'], ['{x}是哪个厂家生产的', '{x}由品牌自有工厂生产'],
  ['{x}能刷公司的卡吗', '{x}可以用公司对公账户付款'], ['{x}坏了能换新吗', '{x}一年内质量问题换新'], ['{x}的代言人是谁', '{x}暂时没有代言人'],
];
const OBJECTS = ['家电', '厨具', '灯具', '家具', '床品', '玩具', '童装', '女装', '男装', '鞋子', '包包', '数码配件', '护肤品', '彩妆', '香水', '茶叶',
  '零食', '保健品', '宠物用品', '文具', '户外装备', '运动器材', '汽车用品', '礼品卡', '办公用品', '乐器', '渔具', '园艺工具', '清洁用品', '母婴用品',
  '首饰', '手表', '眼镜', '雨伞', '行李箱', '被子', '窗帘', '毛巾', '拖鞋', '袜子', '帽子', '围巾', '手套', '睡袋', '帐篷', '瑜伽垫', '跑步机',
  '按摩仪', '吹风机', '剃须刀', '电动牙刷', '咖啡机', '豆浆机', '电饭煲', '微波炉', '净水器', '加湿器', '除湿机', '空调扇', '取暖器', '投影仪'];

export function generateProducts(count: number, seed = 7): ProductKnowledge[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: ProductKnowledge[] = [];
  for (let i = 0; i < count; i++) {
    const c = CATEGORIES[i % CATEGORIES.length];
    const material = pick(c.material);
    const title = `${pick(BRANDS)}${pick(STYLES)}${material}${c.name}${i}号`;
    out.push({
      numIid: 800_000_000_000 + i, title,
      fields: {
        material: `${material}`, care: c.kind === 'wear' || c.kind === 'home' ? '30度以下水洗，不可暴晒' : '用湿布擦拭，保持干燥',
        usage: c.kind === 'wear' ? '' : `${c.name}使用前请阅读说明书`,
        suitable_for: c.kind === 'kid' ? '3岁以上儿童' : '成人日常使用',
        not_suitable_for: c.kind === 'kid' ? '3岁以下婴幼儿' : c.kind === 'beauty' ? '对成分过敏者' : '',
        size_chart: c.kind === 'wear' ? 'S/M/L/XL 四个尺码，详见尺码表' : `规格约${10 + (i % 50)}厘米`,
      },
    });
  }
  return out;
}

/** `count` entries with ids from `firstId`: about two thirds scoped to products, the rest shop-wide topics. */
export function generateEntries(count: number, products: ProductKnowledge[], firstId: number, seed = 11): KnowledgeEntry[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: KnowledgeEntry[] = [];
  const seen = new Set<string>();
  const fill = (s: string, x: string, m: string) => s.replaceAll('{x}', x).replaceAll('{m}', m).replaceAll('{n}', String(1 + Math.floor(r() * 8)));
  while (out.length < count) {
    const id = firstId + out.length;
    if (r() < 0.66) {
      const p = pick(products);
      const cat = CATEGORIES.find((c) => p.title.includes(c.name));
      if (!cat) continue;
      const [q, a] = pick([...SCOPED.any, ...SCOPED[cat.kind]]);
      // Half the time the question names the product, as an editor would write it without a scope.
      const question = r() < 0.5 ? `${cat.name}${q}` : q;
      const key = `${p.numIid}|${question}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ id, question, similar: [`这个${q}`, `请问${q.replace(/吗$/, '')}呢`], answer: `亲，${fill(a, cat.name, p.fields.material ?? '')}`, numIid: p.numIid });
    } else {
      const [q, a] = pick(TOPICS);
      const x = pick(OBJECTS);
      const question = fill(q, x, '');
      if (seen.has(question)) continue;
      seen.add(question);
      out.push({ id, question, similar: [fill(q, x, '').replace(/吗$/, '呢'), `问下${question}`], answer: `亲，${fill(a, x, '')}。`, numIid: null });
    }
  }
  return out;
}
