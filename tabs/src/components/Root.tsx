import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { ApiClient } from '../api/client';
import type { Host, ThemeName } from '../host';
import { devSession } from '../session';
import { ConfigurePage } from './ConfigurePage';
import { ScheduleApp } from './ScheduleApp';
import { SignIn } from './SignIn';

const themes: Record<ThemeName, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** The Fluent theme Teams asks for (and its changes), then the page: channel-tab set-up, dev sign-in, or the schedule. */
export function Root({ host }: { host: Host }) {
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  const [session, setSession] = useState(devSession.current);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = host.locale;
  }, [theme, host.locale]);

  const api = useMemo(() => {
    if (host.ssoToken) return new ApiClient(host.ssoToken);
    return session ? new ApiClient(async () => session.token) : undefined;
  }, [host, session]);

  const signOut = () => {
    devSession.signOut();
    setSession(undefined);
  };

  let page;
  if (location.pathname.endsWith('/configure')) page = <ConfigurePage inTeams={host.inTeams} />;
  else if (!api) page = <SignIn onSignedIn={setSession} />;
  else page = <ScheduleApp api={api} host={host} onSignOut={host.inTeams ? undefined : signOut} />;

  return (
    <FluentProvider theme={themes[theme]} data-theme={theme}>
      {/* Layout on an inner element: Fluent copies the provider's classes onto its portals (drawer, popovers, chart callouts). */}
      <div className="ud-root">{page}</div>
    </FluentProvider>
  );
}
