import { devSignIn } from './api/client';

const key = 'upgrade-desk.dev-session';

interface DevSession {
  role: string;
  token: string;
  expiresAt: string;
}

/** The dev sign-in's token, kept for the browser tab's session (sessionStorage) until it expires. */
export const devSession = {
  current(): DevSession | undefined {
    try {
      const session = JSON.parse(sessionStorage.getItem(key) ?? 'null') as DevSession | null;
      return session && Date.parse(session.expiresAt) > Date.now() + 30_000 ? session : undefined;
    } catch {
      return undefined;
    }
  },
  async signIn(role: string): Promise<DevSession> {
    const { token, expiresAt } = await devSignIn.token(role);
    const session = { role, token, expiresAt };
    sessionStorage.setItem(key, JSON.stringify(session));
    return session;
  },
  signOut(): void {
    sessionStorage.removeItem(key);
  },
};
