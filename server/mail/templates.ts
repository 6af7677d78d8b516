// Renders templates from emails/ into a complete message (HTML and plain text).
import { render } from '@react-email/render';
import SignInEmail, { type SignInEmailProps } from '@/emails/sign-in-email';

export type RenderedEmail = { subject: string; html: string; text: string };

export async function renderSignInEmail(props: SignInEmailProps): Promise<RenderedEmail> {
  const element = SignInEmail(props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: 'Your sign-in link for Members', html, text };
}
