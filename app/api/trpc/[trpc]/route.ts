// `npm run dev` serves the JSON API here; `npm start` answers /api/trpc before
// Next.js (server/http/main.ts). Both run the same handler.
import { handleApiRequest } from '@/server/http/api';

export { handleApiRequest as GET, handleApiRequest as POST };
