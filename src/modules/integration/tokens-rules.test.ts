import { describe, expect, it } from 'vitest';
import { checkScopes, grants, hashApiToken, mintToken, permissionsFor, requiredScope, SCOPES, tokenUsable } from './tokens-rules.ts';

describe('the scope a request needs', () => {
  it('comes from the area of the route and whether it writes', () => {
    expect(requiredScope('GET', '/api/trades')).toBe('trades:read');
    expect(requiredScope('GET', '/api/trades/:tid')).toBe('trades:read');
    expect(requiredScope('POST', '/api/trades/:tid/memo')).toBe('trades:write');
    expect(requiredScope('PATCH', '/api/items/:num_iid')).toBe('items:write');
    expect(requiredScope('DELETE', '/api/replies/:id')).toBe('replies:write');
    expect(requiredScope('GET', '/api/conversations/:id/messages')).toBe('chat:read');
    expect(requiredScope('POST', '/api/refunds/:refund_id/agree')).toBe('refunds:write');
    expect(requiredScope('GET', '/api/review-followups')).toBe('reviews:read');
  });

  it('lets a computing POST pass with a read scope', () => {
    expect(requiredScope('POST', '/api/tools/calculator')).toBe('trades:read');
    expect(requiredScope('POST', '/api/customers/segments/preview')).toBe('customers:read');
  });

  it('opens no scope for accounts, log-in, the buyer side, integration itself, or writes of a read-only area', () => {
    for (const [m, url] of [
      ['GET', '/api/accounts'], ['POST', '/api/accounts'], ['POST', '/api/auth/login'], ['GET', '/api/auth/me'],
      ['GET', '/api/buyer/trades'], ['POST', '/api/storefront/:shop/trades'], ['POST', '/api/integration/tokens'],
      ['GET', '/api/integration/webhooks'], ['PATCH', '/api/shop'], ['POST', '/api/audit'], [ 'GET', undefined],
    ] as const) expect(requiredScope(m, url), `${m} ${url}`).toBeNull();
  });
});

describe('scopes', () => {
  it('a write scope reads its area too, and nothing of another area', () => {
    expect(grants(['trades:write'], 'trades:read')).toBe(true);
    expect(grants(['trades:read'], 'trades:write')).toBe(false);
    expect(grants(['trades:write'], 'items:read')).toBe(false);
  });

  it('carry exactly the permissions of their area', () => {
    expect(permissionsFor(['trades:read'])).toEqual(['trade.view']);
    expect(permissionsFor(['trades:write'])).toContain('trade.close');
    expect(permissionsFor(['trades:write'])).not.toContain('refund.approve');
    expect(permissionsFor(['items:read'])).toEqual([]);
    expect(permissionsFor(['items:write'])).toEqual(['catalog.manage']);
    for (const scope of SCOPES) {
      expect(permissionsFor([scope])).not.toContain('account.manage');
    }
  });

  it('unknown or empty scope lists are refused', () => {
    expect(() => checkScopes(['trades:delete'])).toThrow(/Unknown scope/);
    expect(() => checkScopes([])).toThrow();
    expect(checkScopes(['trades:read', 'chat:read', 'trades:read'])).toEqual(['chat:read', 'trades:read']);
  });
});

describe('tokens', () => {
  it('are random, recognisable by a prefix and stored as a hash only', () => {
    const a = mintToken();
    const b = mintToken();
    expect(a.token).toMatch(/^xo_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashApiToken(a.token));
    expect(a.hash).not.toContain(a.token.slice(3, 20));
    expect(a.token.startsWith(a.prefix)).toBe(true);
  });

  it('stop working once revoked or expired', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(tokenUsable({ revoked_at: null, expires_at: null }, now)).toBe(true);
    expect(tokenUsable({ revoked_at: now, expires_at: null }, now)).toBe(false);
    expect(tokenUsable({ revoked_at: null, expires_at: now }, now)).toBe(false);
    expect(tokenUsable({ revoked_at: null, expires_at: new Date(now.getTime() + 1) }, now)).toBe(true);
  });
});
