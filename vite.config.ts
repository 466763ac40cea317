// Builds the Svelte UI (ui/) into dist/ui, which the agent serves.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'ui',
  base: './',
  plugins: [svelte()],
  build: { outDir: '../dist/ui', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
