// Hints for the plain-text part, which is derived from the HTML (server/mail/templates.ts).

/** On a button: in the text part, its label and then its link on a line of its own. */
export const LINK_ON_OWN_LINE = { 'data-text-format': 'linkOnOwnLine' } as const;

/** HTML only, such as the "if the button does not work" fallback: the text part has the link already. */
export const SKIP_IN_TEXT = { 'data-skip-in-text': true } as const;
