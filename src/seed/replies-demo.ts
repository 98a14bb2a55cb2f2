/** The demo shops' quick replies (快捷回复): what a shop's team types a hundred times a day, with its variables. */
export interface DemoReply {
  group: string;
  code: string;
  text: string;
}

const R = (group: string) => (code: string, text: string): DemoReply => ({ group, code, text });
const greeting = R('问候');
const shipping = R('发货物流');
const aftersales = R('售后');
const closing = R('结束语');

const DEMO_TEAM: DemoReply[] = [
  greeting('/hi', '{买家}您好，欢迎光临小二优选生活馆，我是客服{客服}，很高兴为您服务～'),
  greeting('/zai', '亲，在的呢，请问有什么可以帮您？'),
  greeting('/dd', '亲，稍等一下，我这边马上帮您查询～'),
  greeting('/cm', '亲，把您的身高和体重告诉我，{客服}帮您推荐合适的尺码哦～'),
  greeting('/yh', '亲，店铺首页可以领满199减20的优惠券，下单时会自动抵扣哦～'),
  shipping('/fh', '亲，下午4点前付款的订单当天发货，4点后付款的次日发出，最晚48小时内发货哦～'),
  shipping('/yd', '{买家}您好，您的订单{订单号}已经发出啦，运单号{运单号}，请注意查收～'),
  shipping('/sf', '亲，默认发中通或圆通；需要顺丰的话补12元运费差价就可以安排哦～'),
  shipping('/jj', '亲，订单{订单号}已经给仓库备注加急了，会优先为您安排发货～'),
  shipping('/wl', '亲，物流一般发货后24小时内更新，运单号{运单号}，在“我的订单”里点“查看物流”就能看到～'),
  aftersales('/th', '亲，本店支持7天无理由退换货，吊牌完好、不影响二次销售就可以在订单里申请哦～'),
  aftersales('/zl', '非常抱歉给您添麻烦了！麻烦{买家}拍一下商品问题的照片发给我，{客服}马上为您处理～'),
  aftersales('/tk', '亲，退款已经为您处理好了，会原路退回：支付宝一般即时到账，银行卡1–3个工作日～'),
  aftersales('/hh', '亲，换货请在订单{订单号}里申请售后并写明要换的颜色尺码，收到退回的商品后马上给您发新的～'),
  aftersales('/dz', '亲，退货地址：浙江省杭州市余杭区仓前街道小二仓库3号门，收件人小二售后，电话0571-88880000，请不要寄到付哦～'),
  closing('/bye', '感谢{买家}的光临，祝您生活愉快，有问题随时找{客服}哦～'),
  closing('/hp', '亲，收到宝贝满意的话麻烦给个五星好评哦，您的支持是我们最大的动力～'),
  closing('/qr', '亲，收到货没有问题的话记得确认收货哦，有任何问题随时联系我们～'),
  closing('/sc', '亲，喜欢的话可以收藏一下小店，上新和优惠会第一时间通知您～'),
  closing('/wan', '亲，还有其他问题吗？没有的话{客服}就先不打扰您啦～'),
];

const MALL_TEAM: DemoReply[] = [
  greeting('/hi', '{买家}您好，欢迎光临小二家纺旗舰店，我是客服{客服}，很高兴为您服务～'),
  shipping('/fh', '亲，旗舰店商品付款后24小时内发货，订单{订单号}发出后会短信通知您～'),
  shipping('/yd', '亲，您的订单{订单号}已由快递揽收，运单号{运单号}，请注意查收～'),
  aftersales('/th', '亲，天猫商品支持7天无理由退货，正品保障，请放心购买～'),
  closing('/bye', '感谢您对小二家纺旗舰店的支持，祝您生活愉快～'),
];

const mine = R('我的常用');

/** Each shop's team phrases. */
export const DEMO_TEAM_REPLIES: Record<string, DemoReply[]> = { demo: DEMO_TEAM, 'tmall-demo': MALL_TEAM };

/** Personal phrases, by shop and sub-account name: only that agent sees them. */
export const DEMO_PERSONAL_REPLIES: Record<string, Record<string, DemoReply[]>> = {
  demo: {
    小美: [
      mine('/mei', '亲，我是小美，今天由我为您服务，有问题随时喊我哦～'),
      mine('/tj', '亲，根据您说的身高体重，小美建议您拍L码，穿着会比较合身～'),
      mine('/cd', '亲，小美帮您看了一下，订单{订单号}已经在加急处理啦，请再耐心等一下～'),
    ],
  },
};
