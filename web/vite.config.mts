import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The app is served by the API under /app (see src/api/web-app.ts); `npm run build:web` builds it.
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [preact()],
  // Mermaid (the builder's diagrams) is its own chunk, loaded when a diagram is first drawn.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 3000 },
});
