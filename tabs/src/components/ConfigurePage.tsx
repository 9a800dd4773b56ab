import { Text, Title2 } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';
import { useEffect } from 'react';

/** The channel tab's set-up page: nothing to choose, the tab shows the team's client (the token says which). */
export function ConfigurePage({ inTeams }: { inTeams: boolean }) {
  useEffect(() => {
    if (!inTeams) return;
    pages.config.registerOnSaveHandler((save) => {
      const url = `${location.origin}/tab/schedule`;
      pages.config.setConfig({ entityId: 'schedule', contentUrl: url, websiteUrl: url, suggestedDisplayName: 'Upgrade schedule' }).then(
        () => save.notifySuccess(),
        (err: Error) => save.notifyFailure(err.message),
      );
    });
    pages.config.setValidityState(true);
  }, [inTeams]);
  return (
    <main className="ud-page">
      <Title2 as="h1">Upgrade schedule</Title2>
      <Text as="p">This tab shows the upgrades of this team's client: windows, readiness, decisions and the audit timeline. Select Save to add it.</Text>
    </main>
  );
}
