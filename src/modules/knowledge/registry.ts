import { randomUUID } from 'node:crypto';
import type { BusEvent } from '../../bus/bus.ts';
import type { AppContext } from '../../context.ts';
import type { Suggestion } from './rules.ts';
import { KnowledgeIndex, type SuggestOptions } from './search-index.ts';
import { loadEntries, loadProducts, productsFingerprint, toEntry } from './store.ts';

export const KNOWLEDGE_CHANGED = 'knowledge.changed';
/** Catalogue edits are not announced by every writer; a cheap fingerprint query notices them within this time. */
const PRODUCTS_RECHECK_MS = 10_000;
/** Shops whose index stays in memory; the least recently asked is dropped and rebuilt when asked again. */
const MAX_SHOPS = 500;

interface ShopIndex {
  ready: Promise<KnowledgeIndex>;
  fingerprint: string;
  checkedAt: number;
  /** Entry changes that arrived while the index was being built, applied once it is. */
  pending: Promise<void>;
}

type Ctx = Pick<AppContext, 'database' | 'bus' | 'clock'> & { log?: Pick<AppContext['log'], 'error'> };

/**
 * Each shop's knowledge index, built from the database when first asked and kept current: this node's own writes
 * update it at once, and `knowledge.changed` events (published after commit) bring other nodes' writes.
 */
export class KnowledgeRegistry {
  readonly nodeId = randomUUID();
  private readonly shops = new Map<number, ShopIndex>();
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: Ctx) {
    this.unsubscribe = ctx.bus.subscribe((event) => this.onEvent(event));
  }

  close() {
    this.unsubscribe();
    this.shops.clear();
  }

  async suggest(shopId: number, text: string, opts: SuggestOptions): Promise<Suggestion[]> {
    return (await this.index(shopId)).suggest(text, opts);
  }

  /** The shop's index, built if needed; the catalogue fingerprint is checked every few seconds. */
  async index(shopId: number): Promise<KnowledgeIndex> {
    let shop = this.shops.get(shopId);
    if (shop) {
      this.shops.delete(shopId);
      this.shops.set(shopId, shop);
    } else {
      shop = this.build(shopId);
      this.shops.set(shopId, shop);
      if (this.shops.size > MAX_SHOPS) this.shops.delete(this.shops.keys().next().value!);
    }
    const index = await shop.ready;
    await shop.pending;
    if (this.ctx.clock.now().getTime() - shop.checkedAt >= PRODUCTS_RECHECK_MS) await this.recheckProducts(shopId, shop, index);
    return index;
  }

  /** Reloads these entries from the database: the ones still there are re-indexed, the others removed. */
  async refreshEntries(shopId: number, ids: number[]) {
    const shop = this.shops.get(shopId);
    if (!shop) return; // not built here: it will be read fresh when first asked
    const apply = async () => {
      const index = await shop.ready;
      const rows = await loadEntries(this.ctx.database.db, shopId, ids);
      const found = new Set(rows.map((r) => r.id));
      for (const r of rows) index.upsertEntry(toEntry(r));
      for (const id of ids) if (!found.has(id)) index.removeEntry(id);
    };
    shop.pending = shop.pending.then(apply, apply);
    await shop.pending;
  }

  /** Forgets a shop's index; the next question rebuilds it. */
  invalidate(shopId: number) {
    this.shops.delete(shopId);
  }

  /** The payload of the event a write publishes after commit. */
  changed(shopId: number, ids: number[]): BusEvent {
    return { type: KNOWLEDGE_CHANGED, shopId, payload: { ids, origin: this.nodeId } };
  }

  private async onEvent(event: BusEvent) {
    try {
      if (event.type === KNOWLEDGE_CHANGED) {
        if (event.payload.origin === this.nodeId) return; // applied by the write itself
        const ids = event.payload.ids;
        if (Array.isArray(ids)) await this.refreshEntries(event.shopId, ids.map(Number));
        else this.invalidate(event.shopId);
      } else if (event.type.startsWith('item.')) {
        const shop = this.shops.get(event.shopId);
        if (shop) shop.checkedAt = 0;
      }
    } catch (err) {
      this.ctx.log?.error({ err }, 'knowledge index refresh failed');
      this.invalidate(event.shopId);
    }
  }

  private build(shopId: number): ShopIndex {
    const shop: ShopIndex = { ready: undefined!, fingerprint: '', checkedAt: this.ctx.clock.now().getTime(), pending: Promise.resolve() };
    shop.ready = (async () => {
      const db = this.ctx.database.db;
      const [entries, products, fingerprint] = await Promise.all([
        loadEntries(db, shopId), loadProducts(db, shopId), productsFingerprint(db, shopId),
      ]);
      const index = new KnowledgeIndex();
      for (const r of entries) index.upsertEntry(toEntry(r));
      for (const p of products) index.upsertProduct(p);
      shop.fingerprint = fingerprint;
      return index;
    })();
    shop.ready.catch(() => this.shops.get(shopId) === shop && this.shops.delete(shopId));
    return shop;
  }

  private async recheckProducts(shopId: number, shop: ShopIndex, index: KnowledgeIndex) {
    shop.checkedAt = this.ctx.clock.now().getTime();
    const db = this.ctx.database.db;
    const fingerprint = await productsFingerprint(db, shopId);
    if (fingerprint === shop.fingerprint) return;
    shop.fingerprint = fingerprint;
    const products = await loadProducts(db, shopId);
    const current = new Set(products.map((p) => p.numIid));
    for (const p of products) index.upsertProduct(p);
    for (const numIid of index.productIds()) if (!current.has(numIid)) index.removeProduct(numIid);
  }
}

const registries = new WeakMap<object, KnowledgeRegistry>();

/** The one registry of an app, keyed by the app's context that every module is handed. */
export function knowledgeRegistry(ctx: Ctx): KnowledgeRegistry {
  let r = registries.get(ctx);
  if (!r) {
    r = new KnowledgeRegistry(ctx);
    registries.set(ctx, r);
  }
  return r;
}
