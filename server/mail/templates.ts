// Renders templates from emails/ into a complete message (HTML and plain text).
import { render, toPlainText } from '@react-email/render';
import type { ReactElement } from 'react';
import InvitationEmail, { invitationSubject, type InvitationEmailProps } from '@/emails/invitation-email';
import SignInEmail, { type SignInEmailProps } from '@/emails/sign-in-email';

export type RenderedEmail = { subject: string; html: string; text: string };

/** One React render: the plain-text part is derived from the HTML (what `render(…, { plainText: true })` does after rendering again). */
async function renderParts(element: ReactElement): Promise<Pick<RenderedEmail, 'html' | 'text'>> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}

export async function renderSignInEmail(props: SignInEmailProps): Promise<RenderedEmail> {
  return { subject: 'Your sign-in link for Members', ...(await renderParts(SignInEmail(props))) };
}

export async function renderInvitationEmail(props: InvitationEmailProps): Promise<RenderedEmail> {
  return { subject: invitationSubject(props), ...(await renderParts(InvitationEmail(props))) };
}
