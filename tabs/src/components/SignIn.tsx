import { Button, Card, CardHeader, MessageBar, MessageBarBody, Spinner, Text, Title2 } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { devSignIn, type DevUser } from '../api/client';
import { devSession } from '../session';

/** Outside Teams, locally: pick a demo person and get a token from the development issuer. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: ReturnType<typeof devSession.current>) => void }) {
  const [users, setUsers] = useState<DevUser[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  useEffect(() => {
    devSignIn.users().then((r) => setUsers(r.users), (err: Error) => setError(`The development sign-in is not available: ${err.message}`));
  }, []);

  const pick = async (role: string) => {
    setBusy(role);
    try {
      onSignedIn(await devSession.signIn(role));
    } catch (err) {
      setError((err as Error).message);
      setBusy(undefined);
    }
  };

  return (
    <main className="ud-signin" aria-labelledby="signin-title">
      <Title2 as="h1" id="signin-title">Upgrade Desk: sign in</Title2>
      <Text as="p">
        This page runs outside Teams. Pick a demo person to see the schedule as they would (development sign-in; in Teams the tab signs you in
        itself).
      </Text>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!users && !error && <Spinner label="Loading the demo people…" />}
      <ul className="ud-signin-list">
        {users?.map((u) => (
          <li key={u.role}>
            <Card className="ud-signin-card">
              <CardHeader header={<Text weight="semibold">{u.name}</Text>} description={<Text size={200}>{u.description}</Text>} />
              <Button appearance="primary" disabled={!!busy} onClick={() => void pick(u.role)} aria-label={`Sign in as ${u.name}`}>
                {busy === u.role ? 'Signing in…' : 'Sign in'}
              </Button>
            </Card>
          </li>
        ))}
      </ul>
    </main>
  );
}
