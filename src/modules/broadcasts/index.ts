export { registerBroadcasts } from './api.ts';
export { DELIVER, PROGRESS_EVENT } from './delivery.ts';
