import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import {
  BUILD_STAMP_FILE,
  rendererSourceHash,
  serializeBuildStamp,
} from './electron/web/renderer-build-stamp.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes what this build was made from into its output, so `npm run web` can tell a current build
 * from a stale one without building again (see electron/web/renderer-build-stamp.ts). The hash is
 * taken when the build starts: an edit made during the build makes the next start build again.
 */
function buildStamp(): Plugin {
  let sourceHash = '';
  return {
    name: 'incident-room-build-stamp',
    apply: 'build',
    buildStart() {
      sourceHash = rendererSourceHash(repoRoot);
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: BUILD_STAMP_FILE,
        source: serializeBuildStamp({ sourceHash }),
      });
    },
  };
}

// The libraries the renderer is built on, each its own chunk: no chunk over Vite's 500 kB warning,
// and a change to our code leaves the browser's cached copies of them valid.
const VENDOR_CHUNKS = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  {
    name: 'codemirror',
    test: /node_modules[\\/](@codemirror|@lezer|y-codemirror\.next|style-mod|w3c-keyname|crelt)[\\/]/,
  },
  { name: 'yjs', test: /node_modules[\\/](yjs|y-protocols|lib0)[\\/]/ },
  { name: 'vendor', test: /node_modules[\\/]/ },
];

// The renderer is built once and served by the host: from app:// in the desktop shell, from
// 127.0.0.1 in web mode. Relative asset paths make the same build work under both.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), buildStamp()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: VENDOR_CHUNKS.map((chunk, index) => ({
            ...chunk,
            priority: VENDOR_CHUNKS.length - index,
          })),
        },
      },
    },
  },
});
