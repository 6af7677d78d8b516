import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';

export type SignInEmailProps = {
  /** The one-time sign-in link. */
  url: string;
  /** Public host of the app, shown so the reader knows where the link leads. */
  host: string;
  /** How long the link stays valid, in hours. */
  validForHours: number;
};

export default function SignInEmail({ url, host, validForHours }: SignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>Your sign-in link for Members</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={heading}>
            Sign in to Members
          </Heading>
          <Text style={text}>{`Click the button below to sign in to ${host}. The link works once and expires in ${validForHours} hours.`}</Text>
          <Section style={{ margin: '24px 0' }}>
            <Button href={url} style={button}>
              Sign in
            </Button>
          </Section>
          <Text style={text}>
            Or paste this link into your browser:
            <br />
            <Link href={url} style={link}>
              {url}
            </Link>
          </Text>
          <Hr style={hr} />
          <Text style={muted}>If you did not ask to sign in, you can ignore this email: nobody can sign in without this link.</Text>
        </Container>
      </Body>
    </Html>
  );
}

SignInEmail.PreviewProps = {
  url: 'http://localhost:3000/api/auth/callback/nodemailer?token=preview&email=ada%40example.com',
  host: 'localhost:3000',
  validForHours: 24,
} satisfies SignInEmailProps;

const body = { backgroundColor: '#f6f7f9', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' };
const container = { backgroundColor: '#ffffff', margin: '40px auto', padding: '32px', borderRadius: '8px', maxWidth: '480px' };
const heading = { fontSize: '22px', color: '#111827', margin: '0 0 16px' };
const text = { fontSize: '15px', lineHeight: '24px', color: '#374151' };
const muted = { fontSize: '13px', lineHeight: '20px', color: '#6b7280' };
const button = { backgroundColor: '#4338ca', color: '#ffffff', padding: '12px 20px', borderRadius: '6px', fontWeight: 600, textDecoration: 'none' };
const link = { color: '#4338ca', wordBreak: 'break-all' as const };
const hr = { borderColor: '#e5e7eb', margin: '24px 0' };
