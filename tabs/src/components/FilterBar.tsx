import { Field, SearchBox, Select } from '@fluentui/react-components';
import type { UpgradeKind, UpgradeMode, UpgradeState } from '../api/client';
import { stateLabels, type FilterOptions, type ScheduleFilters } from '../model/schedule-view';

interface Props {
  filters: ScheduleFilters;
  options: FilterOptions;
  onChange: (filters: ScheduleFilters) => void;
  showClient: boolean;
}

/** Client, release, kind, state and mode filters and a search box; every change narrows the loaded range. */
export function FilterBar({ filters, options, onChange, showClient }: Props) {
  const set = <K extends keyof ScheduleFilters>(key: K, value: string) => onChange({ ...filters, [key]: (value || undefined) as ScheduleFilters[K] });
  return (
    <div role="search" className="ud-filters" aria-label="Filters">
      {showClient && (
        <Field label="Client">
          <Select value={filters.client ?? ''} onChange={(_, d) => set('client', d.value)}>
            <option value="">All clients</option>
            {options.clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label="Release">
        <Select value={filters.release ?? ''} onChange={(_, d) => set('release', d.value)}>
          <option value="">All releases</option>
          {options.releases.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Kind">
        <Select value={filters.kind ?? ''} onChange={(_, d) => set('kind', d.value as UpgradeKind)}>
          <option value="">Major and minor</option>
          <option value="major">Major</option>
          <option value="minor">Minor</option>
        </Select>
      </Field>
      <Field label="State">
        <Select value={filters.state ?? ''} onChange={(_, d) => set('state', d.value as UpgradeState)}>
          <option value="">Any state</option>
          {Object.entries(stateLabels).map(([state, label]) => (
            <option key={state} value={state}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Mode">
        <Select value={filters.mode ?? ''} onChange={(_, d) => set('mode', d.value as UpgradeMode)}>
          <option value="">Managed and self-service</option>
          <option value="managed">Managed</option>
          <option value="self_service">Self-service</option>
        </Select>
      </Field>
      <Field label="Search">
        <SearchBox placeholder="CHG id, client, version" value={filters.q ?? ''} onChange={(_, d) => set('q', d.value)} />
      </Field>
    </div>
  );
}
