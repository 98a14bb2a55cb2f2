export { registerChatRoutes } from './api.ts';
export { MessageWriter } from './message-writer.ts';
export { ChatService } from './service.ts';
export { registerChatSockets } from './sockets.ts';
export * as chatRules from './rules.ts';
