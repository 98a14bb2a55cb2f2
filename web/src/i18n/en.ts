import type { Messages } from './zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends Record<string, string> ? Record<string, string> : Shape<T[K]> };

export const en: Shape<Messages> = {
  app: { name: 'Xiaoer' },
  common: {
    actions: 'Actions', done: 'Done', invalid: 'Please check:', networkError: 'Network error, please try again', next: 'Next',
    prev: 'Previous', page: 'Page {{page}}', remove: 'Remove', reset: 'Reset', search: 'Search',
  },
  auth: {
    title: 'Seller log-in', account: 'Account', accountRequired: 'Enter your account', password: 'Password',
    passwordRequired: 'Enter your password', login: 'Log in', logout: 'Log out',
    hint: 'Main account: the shop name (e.g. demo). Sub-account: shop:name (e.g. demo:小美).',
  },
  menu: { workbench: 'Workbench', trades: 'Sold items', warehouse: 'Shipping', team: 'Team board', calculator: 'Calculator' },
  role: { owner: 'Owner', service: 'Service', warehouse: 'Warehouse', aftersales: 'After-sales', finance: 'Finance', supervisor: 'Supervisor' },
  shopType: { C: 'C-shop', B: 'Mall shop' },
  status: {
    WAIT_BUYER_PAY: 'Awaiting payment', WAIT_SELLER_SEND_GOODS: 'Paid, to ship', WAIT_BUYER_CONFIRM_GOODS: 'Shipped',
    TRADE_FINISHED: 'Finished', TRADE_CLOSED_BY_TAOBAO: 'Closed', TRADE_CLOSED: 'Closed (refunded)',
  },
  flag: { 0: 'No flag', 1: 'Red', 2: 'Yellow', 3: 'Green', 4: 'Blue', 5: 'Purple' },
  flagMeaning: {
    0: '',
    1: 'Courier, gift or consignee change (service → warehouse)',
    2: 'Out of stock for this buyer (warehouse → service)',
    3: 'Return or exchange parcel received (warehouse → after-sales)',
    4: 'Tracking number of an exchange shipment (warehouse → service)',
    5: 'Urgent EMS / SF when restocked (service → warehouse)',
  },
  closeReason: {
    0: 'Not paid in time', 1: 'Buyer no longer wants it', 2: 'Wrong buyer details, will re-order',
    3: 'Malicious buyer / competitor', 4: 'Out of stock', 5: 'Buyer ordered the wrong item', 6: 'Deal in person, same city',
  },
  escrow: { held: 'Held in escrow', released: 'Released to the shop', refunded: 'Refunded' },
  trades: {
    title: 'Sold items', all: 'All', buyerNick: 'Buyer nick', tid: 'Trade no.', tidDigits: 'Digits only', flag: 'Flag',
    anyFlag: 'Any', created: 'Created', buyer: 'Buyer', items: 'Items', payment: 'Payment', inclPostage: '(postage {{fee}})',
    status: 'Status', memo: 'Memo', detail: 'Detail',
  },
  detail: {
    trade: 'Trade', alipayNo: 'Payment no.', created: 'Created', payTime: 'Paid', consignTime: 'Shipped', endTime: 'Ended',
    autoClose: 'Closes automatically', autoConfirm: 'Confirms automatically', delayed: 'Receipt extended', days: '{{n}} days',
    closeReason: 'Close reason', buyerAndReceiver: 'Buyer and receiver', itemsTotal: 'Items', postFee: 'Postage',
    logistics: 'Logistics', escrow: 'Escrow', unitPrice: 'Unit price', num: 'Qty', subtotal: 'Subtotal',
    noActions: 'Nothing can be done with this trade now',
  },
  actions: {
    modify_price: 'Change price', modify_postage: 'Change postage', change_address: 'Change address', close: 'Close trade',
    close_order: 'Close line', memo: 'Memo / flag', ship: 'Ship', delay_receive: 'Extend receipt',
  },
  price: { unitPrice: 'New unit price', original: 'Price when ordered {{price}}', maxDiscount: 'Your maximum discount is {{pct}}% of the payment when ordered' },
  close: { hint: 'Only before payment; the stock is released.', reason: 'Reason', reasonRequired: 'Choose a reason' },
  memo: { flagRequired: 'Choose a flag', private: 'Seen by the shop only, never by the buyer', tooLong: 'At most {{max}} bytes' },
  ship: { company: 'Courier', companyRequired: 'Choose a courier', outSid: 'Tracking no.', outSidRule: '6–40 letters, digits or dashes' },
  delay: { current: 'Confirms automatically at {{time}}', days: 'Extend by' },
  receiver: {
    title: 'Receiver', name: 'Name', mobile: 'Mobile', mobileRule: 'An 11-digit mobile number', state: 'Province', city: 'City',
    district: 'District', detail: 'Street address', address: 'Address',
  },
  warehouse: {
    title: 'To ship (by payment time)', hint: 'Red and purple flags are requests from customer service and come first; the rest ship oldest payment first.',
    flag: 'Flag', empty: 'Nothing to ship',
  },
  calculator: {
    title: 'Calculator', item: 'Item', pickItem: 'Choose an item', pickSku: 'Choose a SKU', addLine: 'Add item', compute: 'Calculate',
    payment: 'Total due', incomplete: 'Fill in item, SKU and quantity on every line',
  },
  sidebar: { title: "{{nick}}'s trades", noBuyer: "Choose a buyer to see their trades", none: 'No trades with this shop' },
  workbench: {
    title: 'Workbench', queueLine: 'Queue {{queued}} · Messages left {{waiting}}', tabMine: 'Mine {{n}}', tabWaiting: 'Waiting {{n}}',
    tabEnded: 'Ended', noneMine: 'No conversations right now', noneWaiting: 'Nobody is queued or waiting', noneEnded: 'No ended conversations',
    claim: 'Take', connected: 'Connected', reconnecting: 'Connection lost, reconnecting…', askSuspend: 'Ask to suspend',
    suspendReason: 'Why (lunch, a meeting…); a supervisor approves it', suspendAsked: 'Request sent; waiting for a supervisor',
    pickConversation: 'Pick a conversation on the left', transfer: 'Transfer', transferTo: 'To', transferPick: 'Pick a teammate',
    transferNote: 'Note (agents only)', nobodyOnline: 'No teammate online', end: 'End', inviteRating: 'Ask for a rating',
    ratingInvited: 'The buyer was asked to rate this chat', handedOver: 'Handed over by {{from}}', readOnly: 'You do not serve this conversation: read only',
    inputHint: 'Type a message; Enter sends, Shift+Enter for a new line; / for quick replies', quickReplies: 'Quick replies',
    quickHint: 'Type / and a code, or click here', noQuickReplies: 'No quick replies yet', suggestions: 'Suggestions', suggestFor: 'Suggested answers',
    noSuggestion: 'Nothing fitting in the knowledge base', waitQuestion: "Answers appear when the buyer asks", confidence: '{{p}}% sure',
    trades: 'Trades', items: 'Items', findItem: 'Find an item', sendCard: 'Send', newConversation: 'New conversation',
  },
  widget: {
    connecting: 'Connecting…', hello: 'Hello! How can we help?', servedBy: '{{name}} is serving you', queued: 'All agents are busy: {{n}} ahead of you',
    leftMessage: 'Nobody is online right now; we will answer your message as soon as someone is', ended: 'This chat ended; write to start again',
    inputHint: 'Type a message; Enter sends', close: 'Close', rateTitle: 'How did we do?', rateComment: 'Anything to add (optional)', rateSubmit: 'Rate',
    score1: 'Very unhappy', score2: 'Unhappy', score3: 'OK', score4: 'Happy', score5: 'Very happy',
  },
  agentStatus: { online: 'Online', busy: 'Busy', suspended: 'Suspended', offline: 'Offline' },
  conversationStatus: { new: 'New', waiting: 'Message left', queued: 'Queued', active: 'Active', ended: 'Ended' },
  situation: { presales: 'Pre-sales', unshipped: 'Unshipped', aftersales: 'After-sales' },
  chat: {
    preview: { image: '[Image]', product: '[Item] {{title}}', trade: '[Trade] {{tid}}' },
    typing: 'Typing…', read: 'Read', unread: 'Unread', sending: 'Sending…', failedRetry: 'Not sent, click to retry ({{error}})',
    older: 'Earlier messages', offShelf: 'Off shelf', tradeNo: 'Trade {{tid}}', emoji: 'Expressions', image: 'Image',
  },
  team: { title: 'Team board', soon: 'Live agent status is coming', soonDetail: "Each agent's status, load and the queue will show here." },
  knowledge: {
    material: 'Material', size_chart: 'Size chart', usage: 'How to use', care: 'Care', suitable_for: 'Suits',
    not_suitable_for: 'Not suitable for', notes: 'Notes',
  },
  store: {
    payment: 'To pay',
    notFound: 'No shop {{shop}}', items: 'Products', myTrades: 'My orders', noItems: 'Nothing on sale yet', knowledge: 'Product details',
    quantity: 'Quantity', stock: '{{n}} in stock', buyNow: 'Buy now', loginOrSignup: 'Log in / sign up', login: 'Log in',
    signup: 'Sign up', nick: 'Nick', nickRule: '2–32 characters, no spaces, colons or angle brackets',
    passwordRule: 'At least 8 characters', loginToSee: 'Log in to see your orders', checkout: 'Confirm order',
    placeOrder: 'Place order', placed: 'Order {{tid}} placed: {{payment}} to pay', postageNote: "Postage follows the shop's shipping template and shows on the order.",
    noTrades: 'No orders with this shop yet', pay: 'Pay {{payment}}', paid: 'Paid; the money is held in escrow', sandbox: 'Sandbox',
    confirm: 'Confirm receipt', confirmAsk: 'Received the goods? The money goes to the shop.', confirmed: 'Receipt confirmed',
    contact: 'Chat with the shop', chatSoon: 'Chat is coming soon',
  },
};
