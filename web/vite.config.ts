import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const projectDir = path.resolve(webDir, '..');
const outDir = path.join(webDir, 'dist');
const apiTarget = process.env.XIAOER_API ?? 'http://127.0.0.1:3000';

/** Writes .br and .gz beside each text asset so the server sends them without compressing per request. */
function precompress(): Plugin {
  return {
    name: 'xiaoer-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file) || path.basename(file).startsWith('.')) continue;
        const asset = bundle[file];
        const source = asset.type === 'chunk' ? asset.code : asset.source;
        if (source.length < 1024) continue;
        const target = path.join(dir, file);
        writeFileSync(`${target}.gz`, gzipSync(source, { level: 9 }));
        writeFileSync(`${target}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/**
 * Names the frame's files (boot.tsx's chunk and what it imports) in index.html, so the browser fetches them alongside
 * main.tsx's small chunk rather than after it has run.
 */
function preloadFrame(): Plugin {
  return {
    name: 'xiaoer-preload-frame',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        const boot = Object.values(bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'boot');
        if (!bundle || !boot) return;
        const files = new Set<string>();
        const add = (file: string) => {
          const chunk = bundle[file];
          if (files.has(file) || chunk?.type !== 'chunk') return;
          files.add(file);
          chunk.imports.forEach(add);
        };
        add(boot.fileName);
        files.delete(entry?.fileName ?? '');
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/** Lists the project's own source files of the build, so scripts/build-web.mjs can tell when it is stale. */
function buildInputs(): Plugin {
  return {
    name: 'xiaoer-build-inputs',
    apply: 'build',
    generateBundle() {
      const inputs = [...this.getModuleIds()]
        .filter((id) => path.isAbsolute(id) && id.startsWith(projectDir) && !id.includes('node_modules'))
        .map((id) => path.relative(projectDir, id.split('?')[0]))
        .sort();
      this.emitFile({ type: 'asset', fileName: '.build-inputs.json', source: JSON.stringify([...new Set(inputs)], null, 1) });
    },
  };
}

const REACT = /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/;
/** What main.tsx needs to start the first requests: kept out of the frame so it runs before the frame arrives. */
const FIRST = /web[\\/](index\.html|src[\\/](main\.tsx|routes\.ts|styles\.css|api[\\/](me|client)\.ts))$/;

export default defineConfig({
  root: webDir,
  plugins: [react(), preloadFrame(), precompress(), buildInputs()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // boot.tsx (the app's frame: React, antd's provider and layout, the menu, i18n) is an entry of its own, which
      // main.tsx imports once the first requests are out. As an entry, everything it imports is tagged $initial.
      input: { index: path.join(webDir, 'index.html'), boot: path.join(webDir, 'src', 'boot.tsx') },
      output: {
        codeSplitting: {
          groups: [
            // React changes less often than the app: a separate chunk stays cached across app releases.
            { name: 'react', test: REACT },
            { name: 'first', test: FIRST, priority: 1 },
            // The frame as one file, rather than the twenty or so that a split by page makes of it: every page needs
            // all of it before it shows, and a first load on HTTP/1.1 queues its requests six at a time. antd beyond
            // the frame is left to the per-page split, so a page evaluates only the components it shows.
            { name: 'frame', tags: ['$initial'] },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [projectDir] },
    proxy: { '/api': { target: apiTarget, changeOrigin: false }, '/socket.io': { target: apiTarget, ws: true } },
  },
});
