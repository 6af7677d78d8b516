import { redirect } from 'next/navigation';

// /orgs/<id> on its own: the organization's main page is its Members page
// (which checks membership itself).
export default async function OrganizationPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  redirect(`/orgs/${encodeURIComponent(orgId)}/members`);
}
