export { registerLogisticsRoutes } from './api.ts';
export * from './rules.ts';
