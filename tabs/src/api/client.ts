import type {
  ApiError,
  CapacityResponse,
  DevTokenResponse,
  DevUsersResponse,
  InsightsResponse,
  MeResponse,
  RolloutResponse,
  ScheduleQuery,
  ScheduleResponse,
  SubscriptionResponse,
  UpgradeDetail,
} from '../../../bot/src/api/schedule-contract';

export type * from '../../../bot/src/api/schedule-contract';

/** A refused or failed call: the server's error code, message and correlation id when it sent them. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiError>,
  ) {
    super(body.message ?? `The server answered ${status}`);
  }
  get unauthorized(): boolean {
    return this.status === 401;
  }
}

const query = (params: object): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

async function answer<T>(res: Response): Promise<T> {
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
  const body = (await res.json().catch(() => ({}))) as Partial<ApiError>;
  throw new ApiCallError(res.status, body);
}

/** The tab's only way to the server: typed calls to the schedule API, each with the bearer token. */
export class ApiClient {
  constructor(
    private readonly token: () => Promise<string>,
    private readonly base = '',
  ) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.raw(path, init);
    return answer<T>(res);
  }

  private async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await this.token()}`);
    return fetch(`${this.base}${path}`, { ...init, headers });
  }

  me = () => this.call<MeResponse>('/api/me');
  schedule = (q: ScheduleQuery) => this.call<ScheduleResponse>(`/api/schedule${query(q)}`);
  upgrade = (id: string) => this.call<UpgradeDetail>(`/api/upgrades/${encodeURIComponent(id)}`);
  capacity = (from: string, to: string) => this.call<CapacityResponse>(`/api/capacity${query({ from, to })}`);
  rollout = (version: string) => this.call<RolloutResponse>(`/api/releases/${encodeURIComponent(version)}/rollout`);
  insights = () => this.call<InsightsResponse>('/api/insights');
  subscribe = () => this.call<SubscriptionResponse>('/api/calendar/subscription', { method: 'POST' });
  unsubscribe = () => this.call<void>('/api/calendar/subscription', { method: 'DELETE' });

  /** The ICS file of what the viewer sees, for the given range and filters. */
  async calendarFile(q: ScheduleQuery): Promise<Blob> {
    const res = await this.raw(`/api/calendar.ics${query(q)}`);
    if (!res.ok) return answer<never>(res);
    return res.blob();
  }
}

/** Development sign-in (refused in production): the demo people, and a token for one of them. */
export const devSignIn = {
  users: (base = '') => fetch(`${base}/api/dev/users`).then((r) => answer<DevUsersResponse>(r)),
  token: (role: string, base = '') =>
    fetch(`${base}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role }) }).then((r) => answer<DevTokenResponse>(r)),
};
