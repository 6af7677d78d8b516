// `npm start`'s entry (bundled by `npm run build` into the build folder). Production
// unless said otherwise, as under `next start`: set before anything else is loaded,
// since libraries read NODE_ENV as they load. The server itself is ./serve.ts.
(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production';
await import('./serve');

export {};
