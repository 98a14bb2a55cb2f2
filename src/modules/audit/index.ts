export { auditRow, recordAudit, type AuditEntry } from './store.ts';
export { registerAuditRoutes } from './api.ts';
