import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Svelte would otherwise be allowed to inject <style> elements, which the CSP forbids.
    css: 'external',
  },
};
