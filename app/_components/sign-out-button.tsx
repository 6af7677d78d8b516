import { flash } from '@/app/_lib/flash';
import { signOut } from '@/server/auth';
import { SubmitButton } from './submit-button';

export function SignOutButton() {
  return (
    <form
      action={async () => {
        'use server';
        await flash('You are signed out');
        await signOut({ redirectTo: '/sign-in' });
      }}
    >
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
    </form>
  );
}
