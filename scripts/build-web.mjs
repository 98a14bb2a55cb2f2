// Builds the web app (web/ → web/dist) when the build is missing or older than any source file it was built from.
// `node scripts/build-web.mjs` checks and builds; `--force` always builds. Also run by ensure-install.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const inputsFile = path.join(dist, '.build-inputs.json');

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity; // a vanished input means the build no longer matches its sources
  }
};

function newestUnder(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtime(path.join(entry.parentPath, entry.name)));
  }
  return newest;
}

/** Why the build is stale, or null when it is current. */
export function webBuildStale() {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index) || !existsSync(inputsFile)) return 'web/dist is missing';
  const built = mtime(index);
  // Every file the last build read, plus new files under web/src and the build's own configuration.
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')).map((f) => path.join(root, f));
  const watched = [...inputs, path.join(root, 'web', 'index.html'), path.join(root, 'web', 'vite.config.ts'), path.join(root, 'package-lock.json')];
  const changed = watched.find((f) => mtime(f) > built);
  if (changed) return `${path.relative(root, changed)} changed`;
  if (newestUnder(path.join(root, 'web', 'src')) > built || newestUnder(path.join(root, 'web', 'public')) > built) {
    return 'web/src changed';
  }
  return null;
}

export function ensureWebBuild({ force = false } = {}) {
  const reason = force ? 'forced' : webBuildStale();
  if (!reason) return false;
  console.log(`Building the web app (${reason})…`);
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Test runners set NODE_ENV=test, which would give React's and antd's slow development builds.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureWebBuild({ force: process.argv.includes('--force') });
}
