// Migrations are listed here (not read from disk) so they bundle into the Next.js
// server and the standalone scripts alike. Names sort by date.
import type { Migration } from 'kysely';
import * as initial from './2026-11-28T0100-initial';
import * as invitations from './2026-11-28T0200-invitations';
import * as emailDelivery from './2026-11-28T0300-email-delivery';
import * as apiTokens from './2026-11-28T0400-api-tokens';
import * as auditAppendOnly from './2026-11-28T0500-audit-append-only';
import * as rateLimits from './2026-11-28T0600-rate-limits';
import * as memberSearch from './2026-11-28T0700-member-search';
import * as workerHeartbeats from './2026-12-02T0100-worker-heartbeats';

export const migrations: Record<string, Migration> = {
  '2026-11-28T0100-initial': initial,
  '2026-11-28T0200-invitations': invitations,
  '2026-11-28T0300-email-delivery': emailDelivery,
  '2026-11-28T0400-api-tokens': apiTokens,
  '2026-11-28T0500-audit-append-only': auditAppendOnly,
  '2026-11-28T0600-rate-limits': rateLimits,
  '2026-11-28T0700-member-search': memberSearch,
  '2026-12-02T0100-worker-heartbeats': workerHeartbeats,
};
