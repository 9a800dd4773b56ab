import { GroupedVerticalBarChart, HorizontalBarChart, type ChartProps } from '@fluentui/react-charts';
import { Spinner, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ApiClient, InsightsResponse, RolloutResponse, RolloutState } from '../api/client';
import { historySeries, rolloutBars, rolloutOrder } from '../model/insights-view';

const rolloutColours: Record<RolloutState, string> = {
  upgraded: tokens.colorPaletteGreenBorderActive,
  booked: tokens.colorPaletteBlueBorderActive,
  proposed: tokens.colorPaletteMarigoldBorderActive,
  requested: tokens.colorPaletteSteelBorderActive,
  not_started: tokens.colorNeutralStroke1,
};

/** Release managers: the rollout of each release across clients, and history charts. Loaded on demand (its own chunk). */
export default function ReleaseInsights({ api, onError }: { api: ApiClient; onError: (err: Error) => void }) {
  const [rollouts, setRollouts] = useState<RolloutResponse[]>();
  const [insights, setInsights] = useState<InsightsResponse>();
  useEffect(() => {
    (async () => {
      // Insights lists every release (oldest first); each rollout is one call.
      const found = await api.insights();
      setInsights(found);
      const versions = found.releases.map((r) => r.version).reverse();
      setRollouts(await Promise.all(versions.map((v) => api.rollout(v))));
    })().catch(onError);
  }, [api, onError]);

  if (!rollouts || !insights) return <Spinner label="Loading releases…" />;
  const bars = rolloutBars(rollouts);
  const chartData: ChartProps[] = bars.map((b) => ({
    chartTitle: `Release ${b.version} (${b.total} clients)`,
    chartData: b.segments.filter((s) => s.count > 0).map((s) => ({ legend: s.legend, color: rolloutColours[s.state], horizontalBarChartdata: { x: s.count, y: b.total } })),
  }));
  const history = historySeries(insights);
  const newest = bars[0];
  return (
    <main className="ud-releases" aria-label="Releases">
      <section aria-labelledby="rollout-title">
        <Subtitle2 as="h2" id="rollout-title">
          Rollout per release
        </Subtitle2>
        {/* One legend for every bar (the chart would repeat it per bar). */}
        <HorizontalBarChart data={chartData} barHeight={16} legendProps={{ legends: rolloutOrder.map((o) => ({ title: o.legend, color: rolloutColours[o.state] })) }} />
        {newest && newest.behind.length > 0 && (
          <Text as="p" size={200}>
            Two or more releases behind {newest.version}: {newest.behind.map((c) => `${c.clientName} (on ${c.currentVersion ?? '?'})`).join(', ')}
          </Text>
        )}
      </section>
      <section aria-labelledby="duration-title">
        <Subtitle2 as="h2" id="duration-title">
          Upgrade duration (hours)
        </Subtitle2>
        {history.length === 0 ? (
          <Text as="p">No finished upgrades yet.</Text>
        ) : (
          <GroupedVerticalBarChart
            chartTitle="Upgrade duration per release, p50 and p90, hours"
            height={260}
            data={history.map((h) => ({
              name: h.version,
              series: [
                { key: 'p50', data: h.p50Hours, legend: 'p50', color: tokens.colorPaletteBlueBorderActive },
                { key: 'p90', data: h.p90Hours, legend: 'p90', color: tokens.colorPaletteGrapeBorderActive },
              ],
            }))}
          />
        )}
      </section>
      <section aria-labelledby="rates-title">
        <Subtitle2 as="h2" id="rates-title">
          Overrun and No-Go rate (%)
        </Subtitle2>
        {history.length === 0 && <Text as="p">No finished upgrades yet.</Text>}
        {history.length > 0 && (
          <GroupedVerticalBarChart
            chartTitle="Overrun and No-Go rate per release, percent"
            height={260}
            data={history.map((h) => ({
              name: h.version,
              series: [
                { key: 'overrun', data: h.overrunPercent, legend: 'Overrun', color: tokens.colorPaletteDarkOrangeBorderActive },
                { key: 'nogo', data: h.noGoPercent, legend: 'No-Go', color: tokens.colorPaletteRedBorderActive },
              ],
            }))}
          />
        )}
      </section>
    </main>
  );
}
