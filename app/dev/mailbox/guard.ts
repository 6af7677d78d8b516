import 'server-only';
import { notFound } from 'next/navigation';
import { AppError } from '@/server/errors';

/** Runs a mailbox query; in production (or for an unknown message) the page is a 404. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}
