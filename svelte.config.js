// Svelte compiler options shared by Vite, Vitest and svelte-check. Runes everywhere.
export default {
  compilerOptions: { runes: true },
};
