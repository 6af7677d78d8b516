// Renders templates from emails/ into a complete message (HTML and plain text).
// Imported lazily by the delivery tasks: loading React Email's components is slow,
// and a server that sends no email yet need not spend that at start (decision 028).
import { render, toPlainText } from '@react-email/render';
import type { ReactElement } from 'react';
import InvitationEmail, { invitationSubject, type InvitationEmailProps } from '@/emails/invitation-email';
import SignInEmail, { type SignInEmailProps } from '@/emails/sign-in-email';

export type RenderedEmail = { subject: string; html: string; text: string };

// The little of html-to-text's formatter API used here (the package ships no types).
type Element = { attribs: Record<string, string>; children: unknown[] };
type Builder = {
  openBlock(options: { leadingLineBreaks: number }): void;
  closeBlock(options: { trailingLineBreaks: number }): void;
  addInline(text: string, options?: { noWordTransform: boolean }): void;
  addLineBreak(): void;
};

/** How the plain-text part reads: headings as written (not upper-cased), a button's link on its own line. */
const plainTextOptions = {
  selectors: [
    ...['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: '[data-text-format="linkOnOwnLine"]', format: 'linkOnOwnLine' },
    { selector: 'hr', options: { length: 24 } },
  ],
  formatters: {
    // "View invitation:" then the bare link, so a reader copies exactly the link.
    linkOnOwnLine(element: Element, walk: (nodes: unknown[], builder: Builder) => void, builder: Builder) {
      builder.openBlock({ leadingLineBreaks: 2 });
      walk(element.children, builder);
      builder.addInline(':');
      builder.addLineBreak();
      builder.addInline(element.attribs.href ?? '', { noWordTransform: true });
      builder.closeBlock({ trailingLineBreaks: 2 });
    },
  },
};

/** One React render: the plain-text part is derived from the HTML (what `render(…, { plainText: true })` does after rendering again). */
async function renderParts(element: ReactElement): Promise<Pick<RenderedEmail, 'html' | 'text'>> {
  const html = await render(element);
  return { html, text: toPlainText(html, plainTextOptions) };
}

export async function renderSignInEmail(props: SignInEmailProps): Promise<RenderedEmail> {
  return { subject: 'Your sign-in link for Members', ...(await renderParts(SignInEmail(props))) };
}

export async function renderInvitationEmail(props: InvitationEmailProps): Promise<RenderedEmail> {
  return { subject: invitationSubject(props), ...(await renderParts(InvitationEmail(props))) };
}
