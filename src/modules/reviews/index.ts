export { registerReviewRoutes } from './api.ts';
export { RESULTS, REVIEW_WINDOW_DAYS, CHANGE_WINDOW_DAYS, withRates, type Result } from './rules.ts';
