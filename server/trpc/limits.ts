// The browser's tRPC client batches by the same number, so it lives in lib/.
export { MAX_BATCH_CALLS } from '@/lib/api-limits';
