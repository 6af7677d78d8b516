'use server';

import type { FormState } from '@/app/_lib/form-state';
import { formString, runAction } from '@/app/_lib/run-action';
import { db } from '@/db';
import { getActor } from '@/server/auth';
import { createApiToken, revokeApiToken } from '@/server/tokens/api-tokens';

// orgId travels as a form field (see the note in members/actions.ts).
export async function createTokenAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runAction('createToken', { description: formString(formData, 'description', 200) }, async () => {
    const { token, description } = await createApiToken(db, await getActor(), { orgId: formData.get('orgId'), description: formData.get('description') });
    return { success: `Token "${description}" created. Copy it now: it is shown only once.`, secret: token };
  });
}

export async function revokeTokenAction(orgId: string, tokenId: string): Promise<FormState> {
  return runAction('revokeToken', {}, async () => {
    const { description } = await revokeApiToken(db, await getActor(), { orgId, tokenId });
    return `Token "${description}" revoked`;
  });
}
