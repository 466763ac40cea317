// Vite bundles CSS imported from TypeScript; this tells tsc such imports exist.
declare module '*.css';
