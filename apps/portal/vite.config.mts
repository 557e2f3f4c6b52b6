/** The portal's build: apps/portal → dist/portal, served by the API at `/` (apps/api/src/http/portal.ts). */
import { join } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  // The pure domain (no I/O, no clock: eslint holds it so) runs in the browser too: statuses, labels and caps are the engine's own.
  resolve: { alias: { '@app/domain': join(import.meta.dirname, '..', '..', 'libs', 'domain', 'src') } },
  build: {
    outDir: '../../dist/portal',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      // Ant Design marks its modules "use client" for React Server Components; a client bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `vite dev` beside `npm start`: the API on :3000, same-origin paths proxied to it.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
