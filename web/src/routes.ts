// Every page loads on first visit, so neither side (back-office, storefront) pays for the other's code. This table is
// kept apart from the app's components: main.tsx asks for the opened page's code before React and antd have loaded.
export const pages = {
  '/login': () => import('./pages/LoginPage'),
  '/trades': () => import('./pages/trades/TradesPage'),
  '/warehouse': () => import('./pages/warehouse/WarehousePage'),
  '/workbench': () => import('./pages/workbench/WorkbenchPage'),
  '/team': () => import('./pages/supervision/TeamPage'),
  '/stats': () => import('./pages/stats/StatsPage'),
  '/my-reviews': () => import('./pages/supervision/MyReviewsPage'),
  '/tools/calculator': () => import('./pages/tools/CalculatorPage'),
  '/broadcasts': () => import('./pages/broadcasts/BroadcastsPage'),
  '/knowledge': () => import('./pages/knowledge/KnowledgePage'),
  '/customers': () => import('./pages/customers/CustomersPage'),
  '/aftersales': () => import('./pages/aftersales/AftersalesPage'),
  '/logistics': () => import('./pages/aftersales/LogisticsPage'),
  '/shop/': () => import('./pages/storefront/StorefrontPage'),
  '/chat/': () => import('./widget/ChatPage'),
};

/** The buyer's pages (storefront and chat widget) never ask who the shop account is. */
export const isBuyerPath = (pathname: string) => pathname.startsWith('/shop/') || pathname.startsWith('/chat/');

/** Starts loading the code of the page at `pathname`, if it is one of the table's. */
export function preloadPage(pathname: string) {
  const entry = Object.entries(pages).find(([prefix]) => pathname.startsWith(prefix));
  // A failed download shows when the page itself asks for the module again.
  entry?.[1]().catch(() => {});
}
