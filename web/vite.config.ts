import { defineConfig } from 'vite';

// One script and one stylesheet with fixed names: `vox serve` embeds them at
// build time and answers them as /app.js and /app.css (no hashes, no chunks).
export default defineConfig({
  base: '/',
  build: {
    outDir: process.env.VOX_WEB_OUT || 'dist',
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        entryFileNames: 'app.js',
        assetFileNames: 'app[extname]',
        inlineDynamicImports: true,
      },
    },
  },
});
