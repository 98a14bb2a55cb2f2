import type { CompanyCode } from '../modules/logistics/index.ts';
import type { Receiver } from '../modules/trades/actions.ts';
import type { SubRole } from '../modules/accounts/index.ts';
import type { AftersalesStep } from './aftersales-demo.ts';

/** Who logs in to the demo, and the trades they have worked on: a believable first day for a newcomer. */

export interface DemoShop {
  name: string;
  title: string;
  type: 'C' | 'B';
  subAccounts: { name: string; role: SubRole }[];
}

export const DEMO_SHOPS: DemoShop[] = [
  {
    name: 'demo', title: '小二优选生活馆', type: 'C',
    subAccounts: [
      { name: '小美', role: 'service' }, { name: '阿强', role: 'warehouse' }, { name: '小林', role: 'aftersales' },
      { name: '主管', role: 'supervisor' },
    ],
  },
  { name: 'tmall-demo', title: '小二家纺旗舰店', type: 'B', subAccounts: [{ name: '客服', role: 'service' }] },
];

const receiver = (name: string, mobile: string, state: string, city: string, district: string, address: string): Receiver => ({
  receiver_name: name, receiver_mobile: mobile, receiver_state: state, receiver_city: city, receiver_district: district,
  receiver_address: address,
});

export const DEMO_BUYERS: { nick: string; mobile: string; receiver: Receiver }[] = [
  { nick: '买家小王', mobile: '13800138000', receiver: receiver('王小明', '13800138000', '浙江省', '杭州市', '西湖区', '文三路 100 号 3 幢 502 室') },
  { nick: '买家小李', mobile: '13912345678', receiver: receiver('李娜', '13912345678', '上海', '上海市', '浦东新区', '张杨路 1200 号 15 楼 1503 室') },
  { nick: '爱喝茶的老张', mobile: '13609912345', receiver: receiver('张建国', '13609912345', '新疆维吾尔自治区', '乌鲁木齐市', '天山区', '解放南路 88 号 2 单元 301 室') },
  { nick: '宝妈小芳', mobile: '15888886666', receiver: receiver('陈芳', '15888886666', '广东省', '深圳市', '南山区', '科技园南区 8 栋 1201') },
  { nick: '程序员阿杰', mobile: '18612345678', receiver: receiver('刘杰', '18612345678', '北京', '北京市', '海淀区', '上地十街 10 号院 2 号楼 808') },
  { nick: '学生党小雨', mobile: '17712340000', receiver: receiver('赵雨桐', '17712340000', '四川省', '成都市', '武侯区', '四川大学望江校区 东区 12 舍 406') },
];

/** A sub-order line: which item (by a word of its title), which SKU, how many. */
export type Line = [item: string, sku: string, num: number];

/** What happens to a trade after it is placed, hours before now; `by` is a sub-account name, or the shop's main account. */
export type Step =
  | { do: 'pay'; at: number }
  | { do: 'price'; at: number; by: string; line: number; price: number }
  | { do: 'memo'; at: number; by: string; memo: string; flag: number }
  | { do: 'close'; at: number; by: string; reason: string; line?: number }
  | { do: 'auto_close'; at: number }
  | { do: 'ship'; at: number; by: string; company: CompanyCode; out_sid: string }
  | { do: 'delay'; at: number; by: string; days: number }
  | { do: 'confirm'; at: number }
  | { do: 'auto_finish'; at: number }
  | AftersalesStep;

export interface Story {
  shop: string;
  buyer: string;
  lines: Line[];
  placed: number;
  steps: Step[];
}

const MAIN = '';
const D = 24;

/** Every status of seed 002, each reached the way it is reached in the shop: by its use cases, at believable times. */
export const DEMO_STORIES: Story[] = [
  // 等待买家付款
  { shop: 'demo', buyer: '买家小王', lines: [['T恤', '颜色:白色;尺码:L', 2], ['龙井', '净含量:250g', 1]], placed: 2, steps: [
    { do: 'memo', at: 1.5, by: '小美', memo: '买家身高175、体重70kg，已推荐L码', flag: 0 }] },
  { shop: 'demo', buyer: '买家小李', lines: [['保温杯', '颜色:樱花粉', 1]], placed: 0.7, steps: [
    { do: 'price', at: 0.5, by: '小美', line: 0, price: 8500 }] },
  { shop: 'demo', buyer: '爱喝茶的老张', lines: [['保温杯', '颜色:墨黑', 1]], placed: 5, steps: [] },
  // 买家已付款: the warehouse's queue, with the flags of seed 002
  { shop: 'demo', buyer: '宝妈小芳', lines: [['积木', '规格:经典款120粒', 1]], placed: 26, steps: [
    { do: 'pay', at: 25.5 },
    { do: 'memo', at: 20, by: '小美', memo: '买家要求改发顺丰，运费差价已补；收货人不变', flag: 1 }] },
  { shop: 'demo', buyer: '程序员阿杰', lines: [['炒锅', '尺寸:30cm', 1]], placed: 7, steps: [
    { do: 'pay', at: 6.8 },
    { do: 'memo', at: 4, by: '阿强', memo: '30cm 锅盖缺货，预计3天到货，请客服联系买家', flag: 2 }] },
  { shop: 'demo', buyer: '学生党小雨', lines: [['T恤', '颜色:黑色;尺码:M', 1], ['保温杯', '颜色:珍珠白', 1]], placed: 3.5, steps: [
    { do: 'pay', at: 3.2 },
    { do: 'memo', at: 2.5, by: '小美', memo: '黑色M码今天缺货，到货后请加急顺丰发出', flag: 5 }] },
  { shop: 'demo', buyer: '买家小王', lines: [['保温杯', '颜色:墨黑', 1], ['积木', '规格:豪华款240粒', 1]], placed: 1.5, steps: [
    { do: 'close', at: 1.3, by: '小美', reason: '缺货', line: 0 },
    { do: 'pay', at: 1 }] },
  // 卖家已发货
  { shop: 'demo', buyer: '买家小李', lines: [['T恤', '颜色:雾霾蓝;尺码:S', 2]], placed: 3 * D + 5, steps: [
    { do: 'pay', at: 3 * D + 4.9 },
    { do: 'ship', at: 2 * D, by: '阿强', company: 'ZTO', out_sid: '78645120039871' }] },
  { shop: 'demo', buyer: '宝妈小芳', lines: [['积木', '规格:豪华款240粒', 1], ['保温杯', '颜色:樱花粉', 1]], placed: 10 * D, steps: [
    { do: 'pay', at: 10 * D - 0.2 },
    { do: 'ship', at: 9 * D, by: '阿强', company: 'SF', out_sid: 'SF1402398877651' },
    { do: 'delay', at: 1 * D, by: '小林', days: 5 },
    { do: 'memo', at: 1 * D, by: '小林', memo: '买家出差，下周回来签收，已延长收货5天', flag: 0 }] },
  // 交易成功
  { shop: 'demo', buyer: '爱喝茶的老张', lines: [['龙井', '净含量:500g礼盒', 1]], placed: 26 * D, steps: [
    { do: 'pay', at: 26 * D - 0.1 },
    { do: 'ship', at: 25 * D, by: '阿强', company: 'EMS', out_sid: '1186354120099' },
    { do: 'confirm', at: 20 * D },
    { do: 'review', at: 19 * D, line: 0, result: 'neutral', content: '茶是好茶，就是礼盒外包装压坏了一个角，送人有点尴尬' },
    { do: 'followup_contact', at: 18.5 * D, by: '小林', channel: 'chat', note: '旺旺向买家致歉，说明已换更结实的快递箱，补发一个新礼盒袋' },
    { do: 'followup_close', at: 17 * D, by: '小林', outcome: 'resolved', note: '买家已收到礼盒袋，表示满意' }] },
  { shop: 'demo', buyer: '程序员阿杰', lines: [['保温杯', '颜色:墨黑', 2]], placed: 44 * D, steps: [
    { do: 'pay', at: 44 * D - 0.3 },
    { do: 'ship', at: 43 * D, by: '阿强', company: 'YTO', out_sid: 'YT7380012345678' },
    { do: 'auto_finish', at: 33 * D }] },
  { shop: 'demo', buyer: '学生党小雨', lines: [['T恤', '颜色:白色;尺码:S', 1], ['T恤', '颜色:黑色;尺码:S', 1]], placed: 50 * D, steps: [
    { do: 'pay', at: 50 * D - 0.5 },
    { do: 'ship', at: 49 * D, by: '阿强', company: 'YUNDA', out_sid: '4312987654321' },
    { do: 'confirm', at: 46 * D },
    { do: 'memo', at: 40 * D, by: '阿强', memo: '买家换码：S换M，换货单号 YT8812345678901，请告知买家', flag: 4 }] },
  { shop: 'demo', buyer: '宝妈小芳', lines: [['炒锅', '尺寸:32cm', 1]], placed: 16 * D, steps: [
    { do: 'pay', at: 16 * D - 0.1 },
    { do: 'ship', at: 15 * D, by: '阿强', company: 'JD', out_sid: 'JD0081234567890' },
    { do: 'confirm', at: 13 * D },
    { do: 'memo', at: 2 * D, by: '阿强', memo: '退货已收到，锅底有划痕，转售后处理', flag: 3 }] },
  // 售后: a refund in each state of the after-sales desk, made the way a buyer and the team make them
  { shop: 'demo', buyer: '程序员阿杰', lines: [['龙井', '净含量:250g', 1]], placed: 9, steps: [
    { do: 'pay', at: 8.8 },
    { do: 'refund', at: 5, line: 0, type: 'REFUND', reason: '拍错/多拍/不想要', desc: '家里还有一罐没喝完，这罐先不要了，麻烦退款' }] },
  { shop: 'demo', buyer: '买家小李', lines: [['T恤', '颜色:白色;尺码:L', 1], ['保温杯', '颜色:珍珠白', 1]], placed: 7 * D, steps: [
    { do: 'pay', at: 7 * D - 0.2 },
    { do: 'ship', at: 6 * D, by: '阿强', company: 'YTO', out_sid: 'YT7391024468135' },
    { do: 'refund', at: 4 * D, line: 0, type: 'REFUND_AND_RETURN', reason: '尺码不合适', desc: 'L 码穿着偏大，想退货' },
    { do: 'refund_return_agree', at: 3.8 * D, by: '小林' },
    { do: 'refund_return', at: 3 * D, company: 'ZTO', sid: '78651234098712' },
    { do: 'refund_receive', at: 1 * D, by: '阿强' }] },
  { shop: 'demo', buyer: '宝妈小芳', lines: [['保温杯', '颜色:樱花粉', 1]], placed: 5 * D, steps: [
    { do: 'pay', at: 5 * D - 0.1 },
    { do: 'ship', at: 4 * D, by: '阿强', company: 'SF', out_sid: 'SF1408866552201' },
    { do: 'refund', at: 2.5 * D, line: 0, type: 'REFUND', fee: 2000, reason: '协商一致退款', desc: '杯身有一处小划痕，和客服商量好补偿 20 元' },
    { do: 'refund_agree', at: 2.4 * D, by: '小林' }] },
  { shop: 'demo', buyer: '学生党小雨', lines: [['积木', '规格:经典款120粒', 1]], placed: 6 * D, steps: [
    { do: 'pay', at: 6 * D - 0.3 },
    { do: 'ship', at: 5 * D, by: '阿强', company: 'YUNDA', out_sid: '4318876543210' },
    { do: 'refund', at: 2 * D, line: 0, type: 'REFUND', reason: '不想要了', desc: '买重复了' },
    { do: 'refund_refuse', at: 1.5 * D, by: '小林', reason: '商品已发出且无质量问题，仅退款无法办理；如不需要，请申请退货退款，寄回后为您退款' }] },
  { shop: 'demo', buyer: '爱喝茶的老张', lines: [['T恤', '颜色:黑色;尺码:M', 1]], placed: 8 * D, steps: [
    { do: 'pay', at: 8 * D - 0.2 },
    { do: 'ship', at: 7 * D, by: '阿强', company: 'EMS', out_sid: '1186354120417' },
    { do: 'refund', at: 1 * D, line: 0, type: 'EXCHANGE', reason: '尺码不合适', desc: 'M 码偏小，想换 L 码' },
    { do: 'refund_return_agree', at: 0.8 * D, by: '小林' }] },
  // 评价: a bad review being followed up, beside a good one
  { shop: 'demo', buyer: '买家小王', lines: [['炒锅', '尺寸:30cm', 1], ['保温杯', '颜色:墨黑', 1]], placed: 14 * D, steps: [
    { do: 'pay', at: 14 * D - 0.2 },
    { do: 'ship', at: 13 * D, by: '阿强', company: 'JD', out_sid: 'JD0083345566778' },
    { do: 'confirm', at: 9 * D },
    { do: 'review', at: 8 * D, line: 0, result: 'bad', content: '锅底不平，放在灶上会晃，炒菜受热不均匀' },
    { do: 'review', at: 8 * D, line: 1, result: 'good', content: '保温效果很好，早上装的热水下午还烫' },
    { do: 'followup_contact', at: 7 * D, by: '小林', channel: 'phone', note: '电话联系买家，可换新锅或退货退款，买家考虑后答复' }] },
  // 交易关闭
  { shop: 'demo', buyer: '买家小李', lines: [['龙井', '净含量:250g', 2]], placed: 3 * D + 2, steps: [
    { do: 'close', at: 3 * D + 1, by: '小美', reason: '买家拍错了' }] },
  { shop: 'demo', buyer: '买家小王', lines: [['积木', '规格:经典款120粒', 1]], placed: 3 * D, steps: [
    { do: 'auto_close', at: 2 * D }] },

  // The mall shop: it may change postage only, never an item's price.
  { shop: 'tmall-demo', buyer: '买家小王', lines: [['蚕丝被', '尺寸:150×200cm', 1]], placed: 1, steps: [] },
  { shop: 'tmall-demo', buyer: '买家小李', lines: [['牙刷', '颜色:樱花粉', 2]], placed: 10, steps: [{ do: 'pay', at: 9.9 }] },
  { shop: 'tmall-demo', buyer: '爱喝茶的老张', lines: [['蚕丝被', '尺寸:200×230cm', 1]], placed: 4 * D, steps: [
    { do: 'pay', at: 4 * D - 0.2 },
    { do: 'ship', at: 3 * D, by: MAIN, company: 'JD', out_sid: 'JD0079988776655' }] },
  { shop: 'tmall-demo', buyer: '宝妈小芳', lines: [['牙刷', '颜色:星空黑', 1]], placed: 20 * D, steps: [
    { do: 'pay', at: 20 * D - 0.1 },
    { do: 'ship', at: 19 * D, by: MAIN, company: 'SF', out_sid: 'SF1409876543210' },
    { do: 'confirm', at: 15 * D }] },
  { shop: 'tmall-demo', buyer: '程序员阿杰', lines: [['蚕丝被', '尺寸:150×200cm', 1]], placed: 6 * D, steps: [
    { do: 'close', at: 6 * D - 1, by: '客服', reason: '买家不想买了' }] },
];
