import { app, authentication } from '@microsoft/teams-js';

export type ThemeName = 'default' | 'dark' | 'contrast';

/** Where the tab runs and what the host tells it. */
export interface Host {
  inTeams: boolean;
  theme: ThemeName;
  locale: string;
  /** The upgrade a deep link opens (Teams `subPageId`, or `?upgrade=` in a browser). */
  openUpgrade?: string;
  userName?: string;
  /** Teams SSO; absent outside Teams (the dev sign-in gives the token there). */
  ssoToken?: () => Promise<string>;
  onThemeChange(handler: (theme: ThemeName) => void): void;
}

const asTheme = (value: string | null | undefined): ThemeName => (value === 'dark' || value === 'contrast' ? value : 'default');

/** True when there is no host to ask: a top-level page with no native Teams bridge (a plain browser). */
function plainBrowser(): boolean {
  const native = (window as unknown as { nativeInterface?: unknown }).nativeInterface;
  return window.self === window.top && !native;
}

function browserHost(): Host {
  const params = new URLSearchParams(location.search);
  return {
    inTeams: false,
    theme: asTheme(params.get('theme') ?? (matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default')),
    locale: navigator.language || 'en-GB',
    openUpgrade: params.get('upgrade') ?? undefined,
    onThemeChange: () => undefined,
  };
}

/**
 * Asks Teams who and where we are. Outside Teams `app.initialize` rejects only after a while
 * ("No Parent window found"), so a plain browser takes the browser path at once, and a framed page
 * that is not Teams gives up after a short timeout.
 */
export async function detectHost(timeoutInMs = 2500): Promise<Host> {
  if (plainBrowser()) return browserHost();
  try {
    await Promise.race([app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error('no Teams host')), timeoutInMs))]);
    const context = await app.getContext();
    app.notifySuccess();
    return {
      inTeams: true,
      theme: asTheme(context.app.theme),
      locale: context.app.locale,
      openUpgrade: context.page.subPageId || undefined,
      userName: context.user?.displayName ?? context.user?.userPrincipalName,
      ssoToken: () => authentication.getAuthToken(),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme))),
    };
  } catch {
    return browserHost();
  }
}
