import { createCallerFactory, router } from './init';
import { orgRouter } from './routers/org';

export const appRouter = router({ org: orgRouter });
export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
