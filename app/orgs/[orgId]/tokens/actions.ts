'use server';

import type { FormState } from '@/app/_lib/form-state';
import { formString, runAction } from '@/app/_lib/run-action';
import { withActor } from '@/app/_lib/with-actor';
import { db } from '@/db';
import { createTokenInput, tokenActionInput } from '@/server/schemas';
import { createApiToken } from '@/server/tokens/create-api-token';
import { revokeApiToken } from '@/server/tokens/revoke-api-token';
import { parseInput } from '@/server/validate';

// orgId travels as a form field (see the note in members/actions.ts).
export async function createTokenAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runAction('createToken', { description: formString(formData, 'description', 200) }, async () => {
    const input = parseInput(createTokenInput, { orgId: formData.get('orgId'), description: formData.get('description') });
    const { token, description } = await withActor(input.orgId, (actor) => createApiToken(db, actor, input));
    return { success: `Token "${description}" created. Copy it now: it is shown only once.`, secret: token };
  });
}

export async function revokeTokenAction(orgId: string, tokenId: string): Promise<FormState> {
  return runAction('revokeToken', {}, async () => {
    const input = parseInput(tokenActionInput, { orgId, tokenId });
    const { description } = await withActor(input.orgId, (actor) => revokeApiToken(db, actor, input));
    return `Token "${description}" revoked`;
  });
}
