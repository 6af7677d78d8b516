import { Body, Button, Container, Head, Heading, Hr, Link, Preview, Section, Text, Html } from '@react-email/components';

export type InvitationEmailProps = {
  organizationName: string;
  inviterName: string | null;
  inviterEmail: string;
  roleLabel: string;
  /** Absolute expiry, already formatted in UTC, e.g. "Tuesday, December 1, 2026 at 14:05 UTC". */
  expiresAt: string;
  validForHours: number;
  url: string;
};

export function invitationSubject({ organizationName }: Pick<InvitationEmailProps, 'organizationName'>): string {
  return `You're invited to join ${organizationName} on Members`;
}

export default function InvitationEmail(props: InvitationEmailProps) {
  const { organizationName, inviterName, inviterEmail, roleLabel, expiresAt, validForHours, url } = props;
  const inviter = inviterName ? `${inviterName} (${inviterEmail})` : inviterEmail;
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${inviter} invited you to ${organizationName}`}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={heading}>
            {`Join ${organizationName}`}
          </Heading>
          <Text style={text}>
            {`${inviter} invited you to join `}
            <strong>{organizationName}</strong>
            {' as an '}
            <strong>{roleLabel}</strong>. Owners can manage everything in the organization, including its members.
          </Text>
          <Section style={{ margin: '24px 0' }}>
            <Button href={url} style={button}>
              View invitation
            </Button>
          </Section>
          <Text style={text}>
            {`This invitation expires in ${validForHours} hours, on ${expiresAt}. Or paste this link into your browser:`}
            <br />
            <Link href={url} style={link}>
              {url}
            </Link>
          </Text>
          <Hr style={hr} />
          <Text style={muted}>
            If you did not expect this invitation, you can ignore this email: nothing happens unless you accept it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

InvitationEmail.PreviewProps = {
  organizationName: 'Acme Research',
  inviterName: 'Ada Lovelace',
  inviterEmail: 'ada@example.com',
  roleLabel: 'Owner',
  expiresAt: 'Tuesday, December 1, 2026 at 14:05 UTC',
  validForHours: 72,
  url: 'http://localhost:3000/invite/preview-token',
} satisfies InvitationEmailProps;

const body = { backgroundColor: '#f6f7f9', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' };
const container = { backgroundColor: '#ffffff', margin: '40px auto', padding: '32px', borderRadius: '8px', maxWidth: '480px' };
const heading = { fontSize: '22px', color: '#111827', margin: '0 0 16px' };
const text = { fontSize: '15px', lineHeight: '24px', color: '#374151' };
const muted = { fontSize: '13px', lineHeight: '20px', color: '#6b7280' };
const button = { backgroundColor: '#4338ca', color: '#ffffff', padding: '12px 20px', borderRadius: '6px', fontWeight: 600, textDecoration: 'none' };
const link = { color: '#4338ca', wordBreak: 'break-all' as const };
const hr = { borderColor: '#e5e7eb', margin: '24px 0' };
