export { registerAccountRoutes } from './api.ts';
export { registerBuyerAccountRoutes } from './buyer-api.ts';
export { hashPassword } from './password.ts';
export * from './rules.ts';
export { findShopByName, getShop } from './store.ts';
