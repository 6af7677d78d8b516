import { Body, Button, Container, Head, Heading, Hr, Link, Preview, Section, Text, Html } from '@react-email/components';
import { LINK_ON_OWN_LINE, SKIP_IN_TEXT } from './_shared/plain-text';
import { styles } from './_shared/styles';

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
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {`Join ${organizationName}`}
          </Heading>
          <Text style={styles.text}>
            {`${inviter} invited you to join `}
            <strong>{organizationName}</strong>
            {' as an '}
            <strong>{roleLabel}</strong>. Owners can manage everything in the organization, including its members.
          </Text>
          <Section style={{ margin: '24px 0' }}>
            <Button href={url} style={styles.button} {...LINK_ON_OWN_LINE}>
              View invitation
            </Button>
          </Section>
          <Text style={styles.text}>{`This invitation expires in ${validForHours} hours, on ${expiresAt}.`}</Text>
          <Text style={styles.muted} {...SKIP_IN_TEXT}>
            If the button does not work, paste this link into your browser:
            <br />
            <Link href={url} style={styles.link}>
              {url}
            </Link>
          </Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>
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
