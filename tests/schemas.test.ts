import { describe, expect, it } from 'vitest';
import { emailSchema, normalizeEmail, organizationNameSchema, personNameSchema, tokenDescriptionSchema } from '@/server/schemas';

describe('email addresses', () => {
  it.each([
    ['  Ada@Example.com ', 'Ada@Example.com'],
    ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk'],
    ['ａｄａ@example.com', 'ada@example.com'], // full-width letters fold to ASCII (NFKC)
  ])('accepts %j as %j', (input, expected) => {
    expect(emailSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['', 'Enter an email address.'],
    ['ada', 'Enter a valid email address, like name@example.com.'],
    ['ada@localhost', 'Enter a valid email address, like name@example.com.'],
    ['a@b@example.com', 'Enter a valid email address, like name@example.com.'],
    ['"a@b"@example.com', 'Enter a valid email address, like name@example.com.'],
    ['ada@example.com\r\nBcc: eve@example.com', 'An email address cannot contain line breaks or control characters.'],
    [`${'a'.repeat(10_000)}@example.com`, 'That email address is too long (254 characters at most).'],
  ])('refuses %j with a message a person understands', (input, message) => {
    const result = emailSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it('refuses non-strings', () => {
    expect(emailSchema.safeParse(42).error?.issues[0]?.message).toBe('Enter an email address.');
  });

  it('normalizes sign-in identities to lower case', () => {
    expect(normalizeEmail(' Ada@Example.COM ')).toBe('ada@example.com');
  });
});

describe('names (organizations and people)', () => {
  it.each([organizationNameSchema, personNameSchema])('fold line breaks to spaces and refuse other control characters', (schema) => {
    expect(schema.parse('Acme\r\nBcc: eve@example.com')).toBe('Acme Bcc: eve@example.com');
    expect(schema.safeParse('Acme\u0000x').error?.issues[0]?.message).toBe('The name cannot contain control characters.');
    expect(schema.safeParse('Acme\u001bx').error?.issues[0]?.message).toBe('The name cannot contain control characters.');
  });

  // A lone surrogate reached the audit log's json metadata, which PostgreSQL refused (a 500).
  it.each([
    [organizationNameSchema, 'The name contains a character that is not valid text.'],
    [personNameSchema, 'The name contains a character that is not valid text.'],
    [tokenDescriptionSchema, 'The description contains a character that is not valid text.'],
  ])('refuse a lone surrogate, and keep a real pair (an emoji)', (schema, message) => {
    expect(schema.safeParse('Acme \ud800').error?.issues[0]?.message).toBe(message);
    expect(schema.safeParse('\udfffAcme').error?.issues[0]?.message).toBe(message);
    expect(schema.parse('Acme \u{1f680}')).toBe('Acme \u{1f680}');
  });
});
