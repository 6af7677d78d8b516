import { AppError } from '@/server/errors';

/** An invitation that is not open (accepted, withdrawn, never there, or another organization's). */
export const invitationNotFound = () =>
  new AppError('NOT_FOUND', 'Invitation not found. It may have been accepted or withdrawn already.');
