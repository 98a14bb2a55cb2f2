export { RoutingActions } from './actions.ts';
export { registerRoutingRoutes } from './api.ts';
export { Router } from './router.ts';
export { registerRoutingSockets } from './sockets.ts';
export { RoutingSweeper } from './sweeper.ts';
export { getAgentState } from './agent-store.ts';
export { openAssignment, queuePosition } from './store.ts';
export type { SystemNotes } from './notes.ts';
export { needsRouting, type ConversationStatus } from './rules.ts';
