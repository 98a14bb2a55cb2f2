import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../src/http/web.ts';

// A built app in miniature: index.html and a hashed asset, each with its pre-compressed copies.
function fakeDist() {
  const root = mkdtempSync(path.join(tmpdir(), 'xiaoer-web-'));
  mkdirSync(path.join(root, 'assets'));
  const files = {
    'index.html': `<!doctype html><html><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`,
    'assets/main-abc123.js': `console.log(${JSON.stringify('x'.repeat(2000))});`,
  };
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    writeFileSync(file, text);
    writeFileSync(`${file}.br`, brotliCompressSync(text));
    writeFileSync(`${file}.gz`, gzipSync(text));
  }
  return root;
}

describe('the web app as the server sends it', () => {
  const app = Fastify();
  beforeAll(async () => {
    registerWebApp(app, { root: fakeDist() });
    await app.ready();
  });
  afterAll(() => app.close());

  for (const encoding of ['br', 'gzip', 'identity']) {
    it(`index.html is checked again on every visit (${encoding})`, async () => {
      for (const url of ['/', '/workbench']) {
        const res = await app.inject({ url, headers: { 'accept-encoding': encoding } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
      }
    });

    it(`hashed assets are kept for a year (${encoding})`, async () => {
      const res = await app.inject({ url: '/assets/main-abc123.js', headers: { 'accept-encoding': encoding } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
      expect(res.headers.vary).toBe('accept-encoding');
    });
  }

  it('a missing asset is a 404, not the page', async () => {
    const res = await app.inject({ url: '/assets/gone-000000.js' });
    expect(res.statusCode).toBe(404);
  });
});
