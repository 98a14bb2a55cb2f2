// Runs before `npm start` and `npm test`: a fresh clone needs no separate install step.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const stale = !existsSync('node_modules/.package-lock.json') ||
  statSync('package-lock.json').mtimeMs > statSync('node_modules/.package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

// `npm start` serves web/dist and the browser tests load it: build it when missing or older than its sources.
const { ensureWebBuild } = await import('./build-web.mjs');
ensureWebBuild();
