import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The app is served by the API under /app (see src/api/web-app.ts); `npm run build:web` builds it.
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
});
