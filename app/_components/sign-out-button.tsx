import { signOut } from '@/server/auth';
import { buttonClass } from './ui';

export function SignOutButton() {
  return (
    <form
      action={async () => {
        'use server';
        await signOut({ redirectTo: '/sign-in' });
      }}
    >
      <button type="submit" className={buttonClass('secondary')}>
        Sign out
      </button>
    </form>
  );
}
