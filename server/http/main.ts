// `npm start`'s entry (bundled by `npm run build` into the build folder). Production
// unless said otherwise, set before anything else is loaded, since libraries read NODE_ENV
// as they load. The server itself is ./serve.ts.
import { defaultToProduction } from '@/server/config';

defaultToProduction();
await import('./serve');
