export { registerChatRoutes } from './api.ts';
export { MessageWriter, type StoredListener, type StoredMessage } from './message-writer.ts';
export { ChatRateLimits } from './rate-limit.ts';
export { Ratings } from './ratings.ts';
export { ChatService } from './service.ts';
export { registerChatSockets } from './sockets.ts';
export { SystemMessages } from './system-messages.ts';
export * as chatRules from './rules.ts';
