'use server';

import { redirect } from 'next/navigation';
import { flash } from '@/app/_lib/flash';
import type { FormState } from '@/app/_lib/form-state';
import { formString, runAction } from '@/app/_lib/run-action';
import { db } from '@/db';
import { requireActor } from '@/server/actor';
import { getActor } from '@/server/auth';
import { createOrganization } from '@/server/orgs/create-organization';
import { createOrganizationInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';

export async function createOrganizationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let orgId = '';
  const state = await runAction('createOrganization', { name: formString(formData, 'name', 200) }, async () => {
    // Signed in first, then the form (as a tRPC procedure checks them).
    const owner = requireActor(await getActor());
    const org = await createOrganization(db, owner, parseInput(createOrganizationInput, { name: formData.get('name') }));
    orgId = org.id;
    await flash(`Organization "${org.name}" created`);
  });
  if (orgId) redirect(`/orgs/${orgId}/members`);
  return state;
}
