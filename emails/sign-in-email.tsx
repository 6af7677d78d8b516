import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { LINK_ON_OWN_LINE, SKIP_IN_TEXT } from './_shared/plain-text';
import { styles } from './_shared/styles';

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
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            Sign in to Members
          </Heading>
          <Text style={styles.text}>{`Here is your link to sign in to ${host}. It works once and expires in ${validForHours} hours.`}</Text>
          <Section style={{ margin: '24px 0' }}>
            <Button href={url} style={styles.button} {...LINK_ON_OWN_LINE}>
              Sign in
            </Button>
          </Section>
          <Text style={styles.muted} {...SKIP_IN_TEXT}>
            If the button does not work, paste this link into your browser:
            <br />
            <Link href={url} style={styles.link}>
              {url}
            </Link>
          </Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>If you did not ask to sign in, you can ignore this email: nobody can sign in without this link.</Text>
        </Container>
      </Body>
    </Html>
  );
}

SignInEmail.PreviewProps = {
  url: 'http://localhost:3000/sign-in/confirm?token=preview&email=ada%40example.com&callbackUrl=%2F',
  host: 'localhost:3000',
  validForHours: 24,
} satisfies SignInEmailProps;
