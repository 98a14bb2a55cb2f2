/**
 * The demo's chats (旺旺): buyers who talked with 小美 before, about the trades of demo-data.ts at the same moments,
 * and one buyer who left a message (留言) just now, waiting for the first agent who comes online.
 */

/** A message, hours before now. An agent's text may hold the quick replies' variables, filled when written. */
export interface DemoLine {
  by: 'buyer' | 'agent';
  at: number;
  text: string;
}

export type DemoSituation = 'presales' | 'unshipped' | 'aftersales';

export interface DemoSession {
  /** The sub-account that served it. */
  agent: string;
  situation: DemoSituation;
  /** A word of the title of the buyer's trade the talk is about: {订单号} and {运单号} come from it. */
  about?: string;
  lines: DemoLine[];
  /** Hours before now that the agent ended it. */
  ended: number;
}

export interface DemoChat {
  shop: string;
  buyer: string;
  sessions: DemoSession[];
  /** Messages left while nobody served the buyer: the conversation waits (留言) for routing. */
  waiting?: { situation: DemoSituation; lines: DemoLine[] };
}

const D = 24;
const buyer = (at: number, text: string): DemoLine => ({ by: 'buyer', at, text });
const agent = (at: number, text: string): DemoLine => ({ by: 'agent', at, text });

export const DEMO_CHATS: DemoChat[] = [
  {
    shop: 'demo', buyer: '买家小王', sessions: [
      { agent: '小美', situation: 'presales', about: '积木', ended: 3 * D - 0.5, lines: [
        buyer(3 * D + 0.4, '在吗？这个积木两岁的宝宝能玩吗？'),
        agent(3 * D + 0.38, '{买家}您好，欢迎光临小二优选生活馆，我是客服{客服}，很高兴为您服务～'),
        agent(3 * D + 0.37, '亲，这款积木适合3岁以上的小朋友，里面有小零件，3岁以下的宝宝不建议玩哦，怕误吞。'),
        buyer(3 * D + 0.3, '那我先拍一个经典款，等他大一点再玩'),
        agent(3 * D + 0.28, '好的亲，拍下后24小时内付款就可以，有问题随时找{客服}哦～'),
      ] },
      { agent: '小美', situation: 'presales', about: 'T恤', ended: 1.5, lines: [
        buyer(2.3, '你好，这款纯棉T恤我身高175，体重140斤，穿什么码？'),
        agent(2.28, '亲，根据您说的身高体重，小美建议您拍L码，穿着会比较合身～'),
        buyer(2.2, '洗了会缩水吗？'),
        agent(2.18, '亲，面料都经过预缩处理，按洗标冷水洗不会明显缩水，深色的第一次洗建议单独洗哦。'),
        buyer(2.05, '好的，我拍两件白色L，再带一盒龙井'),
        agent(2.0, '亲，下午4点前付款的订单当天发货，4点后付款的次日发出，最晚48小时内发货哦～'),
      ] },
    ],
  },
  {
    shop: 'demo', buyer: '买家小李', sessions: [
      { agent: '小美', situation: 'unshipped', about: 'T恤', ended: 29.5, lines: [
        buyer(30, '我买的雾霾蓝T恤发货了吗？'),
        agent(29.95, '{买家}您好，您的订单{订单号}已经发出啦，运单号{运单号}，请注意查收～'),
        buyer(29.9, '好的，谢谢！大概几天能到上海？'),
        agent(29.85, '亲，发货后江浙沪一般1–2天就到，请留意快递电话哦～'),
        agent(29.8, '感谢{买家}的光临，祝您生活愉快，有问题随时找{客服}哦～'),
      ] },
      { agent: '小美', situation: 'presales', about: '保温杯', ended: 0.4, lines: [
        buyer(0.9, '这个樱花粉的保温杯能便宜点吗？'),
        agent(0.88, '亲，价格已经是活动价了哦；您先拍下不要付款，小美帮您申请一下优惠～'),
        buyer(0.72, '拍好了'),
        agent(0.5, '亲，已经帮您把订单{订单号}改好价格了，现在付款就可以啦～'),
        buyer(0.45, '好的，谢谢'),
      ] },
    ],
  },
  {
    shop: 'demo', buyer: '宝妈小芳', sessions: [
      { agent: '小美', situation: 'unshipped', about: '积木', ended: 20, lines: [
        buyer(21, '你好，我刚买的积木能改发顺丰吗？急着给孩子过生日'),
        agent(20.95, '{买家}您好，欢迎光临小二优选生活馆，我是客服{客服}，很高兴为您服务～'),
        agent(20.93, '亲，可以发顺丰的，需要补12元运费差价，我这边发个补差价的链接给您～'),
        buyer(20.5, '差价补好了'),
        agent(20.1, '收到～已经备注仓库改发顺丰，订单{订单号}会优先安排发货～'),
      ] },
    ],
  },
  {
    shop: 'demo', buyer: '学生党小雨', sessions: [], waiting: { situation: 'unshipped', lines: [
      buyer(0.2, '在吗？我买的黑色M码T恤什么时候能发货呀？'),
      buyer(0.18, '下周要穿，麻烦尽快～'),
    ] },
  },
];
