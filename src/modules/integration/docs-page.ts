import type { FastifyInstance } from 'fastify';

/**
 * A browsable page over /api/openapi.json: operations by tag, with their scope, parameters, request and answer
 * schemas and error codes, and a filter box. Self-contained (no script or style from anywhere else), so it works
 * offline and under a strict content security policy.
 */
const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Xiaoer API</title>
<style>
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f1f1f;background:#f5f5f5}
header{background:#fff;padding:16px 24px;border-bottom:1px solid #e5e5e5;position:sticky;top:0;z-index:1}
h1{font-size:20px;margin:0 0 8px}input{width:100%;max-width:480px;padding:6px 10px;font:inherit;border:1px solid #d9d9d9;border-radius:6px}
main{padding:16px 24px;max-width:1100px}h2{font-size:16px;margin:24px 0 8px;text-transform:capitalize}
details{background:#fff;border:1px solid #e5e5e5;border-radius:6px;margin:6px 0}summary{cursor:pointer;padding:8px 12px;display:flex;gap:10px;align-items:baseline}
.m{font:600 12px ui-monospace,monospace;width:56px;text-transform:uppercase}.get{color:#1677ff}.post{color:#389e0d}.patch,.put{color:#d48806}.delete{color:#cf1322}
code,pre{font-family:ui-monospace,Menlo,monospace;font-size:12px}pre{background:#fafafa;border:1px solid #f0f0f0;padding:8px;overflow:auto;max-height:360px;margin:4px 0}
.id{color:#8c8c8c;margin-left:auto}.body{padding:0 12px 12px}.scope{background:#f0f5ff;color:#1d39c4;border-radius:4px;padding:0 6px;font-size:12px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;border-bottom:1px solid #f0f0f0;padding:4px 6px;vertical-align:top}
</style></head><body>
<header><h1 id="title">Xiaoer API</h1><input id="q" placeholder="filter: operation id, path, tag, scope…  筛选" autofocus>
<div id="intro"></div></header><main id="ops">Loading /api/openapi.json…</main>
<script>
const el = (tag, attrs = {}, ...kids) => { const n = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  for (const kid of kids) n.append(kid); return n; };
const json = (v) => el('pre', {}, JSON.stringify(v, null, 2));
function resolve(doc, s) { return s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s; }
function render(doc) {
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('intro').textContent = doc.info.description || '';
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) {
    const tag = (op.tags && op.tags[0]) || 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method, op });
  }
  const root = document.getElementById('ops'); root.textContent = '';
  for (const [tag, ops] of [...byTag].sort()) {
    const section = el('section', { 'data-tag': tag }, el('h2', {}, tag));
    for (const { path, method, op } of ops) {
      const body = el('div', { class: 'body' });
      if (op.summary) body.append(el('p', {}, op.summary));
      if (op['x-scope'] !== undefined) body.append(el('p', {}, 'API token scope: ', el('span', { class: 'scope' }, op['x-scope'] || 'not open to tokens')));
      if (op.parameters && op.parameters.length) {
        const t = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'required'), el('th', {}, 'schema')));
        for (const p of op.parameters) t.append(el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.in), el('td', {}, p.required ? 'yes' : ''), el('td', {}, JSON.stringify(p.schema))));
        body.append(t);
      }
      const req = op.requestBody && op.requestBody.content;
      if (req) for (const [type, c] of Object.entries(req)) body.append(el('h4', {}, 'Request body (' + type + ')'), json(resolve(doc, c.schema)));
      for (const [status, r] of Object.entries(op.responses || {})) {
        body.append(el('h4', {}, status + ' — ' + (r.description || '')));
        const c = r.content && r.content['application/json'];
        if (c && /^2/.test(status)) body.append(json(resolve(doc, c.schema)));
      }
      const item = el('details', { 'data-text': [op.operationId, path, method, tag, op['x-scope'], op.summary].join(' ').toLowerCase() },
        el('summary', {}, el('span', { class: 'm ' + method }, method), el('code', {}, path), el('span', { class: 'id' }, op.operationId || '')), body);
      section.append(item);
    }
    root.append(section);
  }
  root.append(el('h2', {}, 'Error'), json(doc.components.schemas.Error));
}
document.getElementById('q').addEventListener('input', (e) => {
  const q = e.target.value.trim().toLowerCase();
  for (const d of document.querySelectorAll('details')) d.style.display = !q || d.dataset.text.includes(q) ? '' : 'none';
});
fetch('/api/openapi.json').then((r) => r.json()).then(render).catch((err) => { document.getElementById('ops').textContent = String(err); });
</script></body></html>`;

export function registerDocsPage(http: FastifyInstance) {
  http.get('/api/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
      .send(PAGE));
}
