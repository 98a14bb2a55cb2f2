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
    writeBundle(_options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file) || path.basename(file).startsWith('.')) continue;
        const asset = bundle[file];
        const source = asset.type === 'chunk' ? asset.code : asset.source;
        if (source.length < 1024) continue;
        const target = path.join(outDir, file);
        writeFileSync(`${target}.gz`, gzipSync(source, { level: 9 }));
        writeFileSync(`${target}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
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

export default defineConfig({
  root: webDir,
  plugins: [react(), precompress(), buildInputs()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // React changes less often than the app: a separate chunk stays cached across app releases. antd is left to
        // the per-page split, so a page evaluates only the components it shows (a first load is mostly that work).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
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
