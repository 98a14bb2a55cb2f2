export { registerCatalogRoutes } from './api.ts';
export { getItem, listItems, KNOWLEDGE_FIELDS } from './store.ts';
