/**
 * A structural subset of the Teams app manifest schema v1.19: required fields, lengths, patterns and
 * enums for the parts Upgrade Desk uses. Stands in for the real JSON schema (npm @microsoft/app-manifest)
 * when that package is not installed; it is stricter than the schema in places (e.g. unknown keys).
 */
const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const semver = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const httpsUrl = /^https:\/\/[^\s/$.?#][^\s]*$/i;
const relativePath = /^[^/\\:]+(\/[^/\\:]+)*$/;

const topLevelKeys = new Set([
  '$schema', 'manifestVersion', 'version', 'id', 'localizationInfo', 'developer', 'name', 'description', 'icons',
  'accentColor', 'configurableTabs', 'staticTabs', 'bots', 'connectors', 'composeExtensions', 'permissions',
  'devicePermissions', 'validDomains', 'webApplicationInfo', 'showLoadingIndicator', 'isFullScreen', 'activities',
  'defaultInstallScope', 'defaultGroupCapability', 'authorization', 'supportedChannelTypes', 'publisherDocsUrl',
]);
const botScopes = ['team', 'personal', 'groupChat'];
const staticTabScopes = ['team', 'personal', 'groupChat'];
const configurableTabScopes = ['team', 'groupChat'];
const tabContexts = ['personalTab', 'channelTab', 'privateChatTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem found, each naming the JSON path; empty when the manifest passes. */
export function manifestProblems(manifest: unknown): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const str = (value: unknown, path: string, opts: { max: number; pattern?: RegExp; optional?: boolean }) => {
    if (value === undefined && opts.optional) return;
    if (typeof value !== 'string' || value.length === 0) return fail(path, 'must be a non-empty string');
    if (value.length > opts.max) fail(path, `is ${value.length} characters; at most ${opts.max}`);
    if (opts.pattern && !opts.pattern.test(value)) fail(path, `"${value}" does not match ${opts.pattern}`);
    if (value.includes('${{')) fail(path, `has an unfilled placeholder: ${value}`);
  };
  const list = (value: unknown, path: string, opts: { max: number; allowed?: string[]; optional?: boolean }): unknown[] => {
    if (value === undefined && opts.optional) return [];
    if (!Array.isArray(value)) return fail(path, 'must be an array'), [];
    if (value.length > opts.max) fail(path, `has ${value.length} items; at most ${opts.max}`);
    if (new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail(path, 'has duplicate items');
    for (const item of value) if (opts.allowed && !opts.allowed.includes(item as string)) fail(path, `"${String(item)}" is not one of ${opts.allowed.join(', ')}`);
    return value;
  };
  const obj = (value: unknown, path: string, required: string[]): Json => {
    if (!isObject(value)) return fail(path, 'must be an object'), {};
    for (const key of required) if (value[key] === undefined) fail(`${path}.${key}`, 'is required');
    return value;
  };

  const m = obj(manifest, '$', ['manifestVersion', 'version', 'id', 'developer', 'name', 'description', 'icons', 'accentColor']);
  for (const key of Object.keys(m)) if (!topLevelKeys.has(key)) fail(`$.${key}`, 'is not a manifest property these checks know');
  if (m.manifestVersion !== '1.19') fail('$.manifestVersion', `is ${JSON.stringify(m.manifestVersion)}; expected "1.19"`);
  str(m.version, '$.version', { max: 256, pattern: semver });
  str(m.id, '$.id', { max: 64, pattern: guid });
  str(m.accentColor, '$.accentColor', { max: 7, pattern: /^#[0-9a-fA-F]{6}$/ });

  const developer = obj(m.developer, '$.developer', ['name', 'websiteUrl', 'privacyUrl', 'termsOfUseUrl']);
  str(developer.name, '$.developer.name', { max: 32 });
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) str(developer[key], `$.developer.${key}`, { max: 2048, pattern: httpsUrl });
  const name = obj(m.name, '$.name', ['short']);
  str(name.short, '$.name.short', { max: 30 });
  str(name.full, '$.name.full', { max: 100, optional: true });
  const description = obj(m.description, '$.description', ['short', 'full']);
  str(description.short, '$.description.short', { max: 80 });
  str(description.full, '$.description.full', { max: 4000 });
  const icons = obj(m.icons, '$.icons', ['color', 'outline']);
  str(icons.color, '$.icons.color', { max: 2048, pattern: relativePath });
  str(icons.outline, '$.icons.outline', { max: 2048, pattern: relativePath });

  list(m.bots, '$.bots', { max: 1, optional: true }).forEach((bot, i) => {
    const b = obj(bot, `$.bots[${i}]`, ['botId', 'scopes']);
    str(b.botId, `$.bots[${i}].botId`, { max: 64, pattern: guid });
    const scopes = list(b.scopes, `$.bots[${i}].scopes`, { max: 3, allowed: botScopes });
    const covered = new Set<unknown>();
    list(b.commandLists, `$.bots[${i}].commandLists`, { max: 3, optional: true }).forEach((cl, j) => {
      const at = `$.bots[${i}].commandLists[${j}]`;
      const c = obj(cl, at, ['scopes', 'commands']);
      for (const scope of list(c.scopes, `${at}.scopes`, { max: 3, allowed: botScopes })) {
        if (!scopes.includes(scope)) fail(`${at}.scopes`, `"${String(scope)}" is not one of the bot's scopes`);
        if (covered.has(scope)) fail(`${at}.scopes`, `"${String(scope)}" already has a command list`);
        covered.add(scope);
      }
      list(c.commands, `${at}.commands`, { max: 10 }).forEach((cmd, k) => {
        const command = obj(cmd, `${at}.commands[${k}]`, ['title', 'description']);
        str(command.title, `${at}.commands[${k}].title`, { max: 32 });
        str(command.description, `${at}.commands[${k}].description`, { max: 128 });
      });
    });
  });

  const entityIds = new Set<unknown>();
  list(m.staticTabs, '$.staticTabs', { max: 16, optional: true }).forEach((tab, i) => {
    const t = obj(tab, `$.staticTabs[${i}]`, ['entityId', 'scopes']);
    str(t.entityId, `$.staticTabs[${i}].entityId`, { max: 64 });
    if (entityIds.has(t.entityId)) fail(`$.staticTabs[${i}].entityId`, 'is not unique');
    entityIds.add(t.entityId);
    str(t.name, `$.staticTabs[${i}].name`, { max: 128, optional: true });
    str(t.contentUrl, `$.staticTabs[${i}].contentUrl`, { max: 2048, pattern: httpsUrl, optional: true });
    str(t.websiteUrl, `$.staticTabs[${i}].websiteUrl`, { max: 2048, pattern: httpsUrl, optional: true });
    list(t.scopes, `$.staticTabs[${i}].scopes`, { max: 3, allowed: staticTabScopes });
  });
  list(m.configurableTabs, '$.configurableTabs', { max: 1, optional: true }).forEach((tab, i) => {
    const t = obj(tab, `$.configurableTabs[${i}]`, ['configurationUrl', 'scopes']);
    str(t.configurationUrl, `$.configurableTabs[${i}].configurationUrl`, { max: 2048, pattern: httpsUrl });
    if (t.canUpdateConfiguration !== undefined && typeof t.canUpdateConfiguration !== 'boolean') fail(`$.configurableTabs[${i}].canUpdateConfiguration`, 'must be a boolean');
    if (!list(t.scopes, `$.configurableTabs[${i}].scopes`, { max: 2, allowed: configurableTabScopes }).length) fail(`$.configurableTabs[${i}].scopes`, 'is empty');
    list(t.context, `$.configurableTabs[${i}].context`, { max: 8, allowed: tabContexts, optional: true });
  });

  list(m.composeExtensions, '$.composeExtensions', { max: 1, optional: true }).forEach((extension, i) => {
    const at = `$.composeExtensions[${i}]`;
    const e = obj(extension, at, ['botId']);
    str(e.botId, `${at}.botId`, { max: 64, pattern: guid });
    const commandIds = new Set<unknown>();
    list(e.commands, `${at}.commands`, { max: 10, optional: true }).forEach((cmd, j) => {
      const c = obj(cmd, `${at}.commands[${j}]`, ['id', 'title']);
      str(c.id, `${at}.commands[${j}].id`, { max: 64 });
      if (commandIds.has(c.id)) fail(`${at}.commands[${j}].id`, 'is not unique');
      commandIds.add(c.id);
      str(c.title, `${at}.commands[${j}].title`, { max: 32 });
      str(c.description, `${at}.commands[${j}].description`, { max: 128, optional: true });
      if (c.type !== undefined && c.type !== 'query' && c.type !== 'action') fail(`${at}.commands[${j}].type`, `"${String(c.type)}" is not one of query, action`);
      list(c.context, `${at}.commands[${j}].context`, { max: 3, allowed: ['compose', 'commandBox', 'message'], optional: true });
      if (c.initialRun !== undefined && typeof c.initialRun !== 'boolean') fail(`${at}.commands[${j}].initialRun`, 'must be a boolean');
      const parameters = list(c.parameters, `${at}.commands[${j}].parameters`, { max: 5, optional: true });
      if (c.parameters !== undefined && parameters.length === 0) fail(`${at}.commands[${j}].parameters`, 'is empty');
      parameters.forEach((param, k) => {
        const p = obj(param, `${at}.commands[${j}].parameters[${k}]`, ['name', 'title']);
        str(p.name, `${at}.commands[${j}].parameters[${k}].name`, { max: 64 });
        str(p.title, `${at}.commands[${j}].parameters[${k}].title`, { max: 32 });
        str(p.description, `${at}.commands[${j}].parameters[${k}].description`, { max: 128, optional: true });
      });
    });
    list(e.messageHandlers, `${at}.messageHandlers`, { max: 5, optional: true }).forEach((handler, j) => {
      const h = obj(handler, `${at}.messageHandlers[${j}]`, ['type', 'value']);
      if (h.type !== 'link') fail(`${at}.messageHandlers[${j}].type`, `"${String(h.type)}" is not link`);
      const value = obj(h.value, `${at}.messageHandlers[${j}].value`, ['domains']);
      list(value.domains, `${at}.messageHandlers[${j}].value.domains`, { max: 16 }).forEach((domain, k) =>
        str(domain, `${at}.messageHandlers[${j}].value.domains[${k}]`, { max: 2048, pattern: /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i }),
      );
    });
  });

  list(m.permissions, '$.permissions', { max: 2, allowed: ['identity', 'messageTeamMembers'], optional: true });
  list(m.validDomains, '$.validDomains', { max: 16, optional: true }).forEach((domain, i) => {
    str(domain, `$.validDomains[${i}]`, { max: 2048, pattern: /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i });
    if (typeof domain === 'string' && /botframework\.com$/i.test(domain)) fail(`$.validDomains[${i}]`, 'must not list the Bot Framework domain');
  });
  if (m.webApplicationInfo !== undefined) {
    const web = obj(m.webApplicationInfo, '$.webApplicationInfo', ['id']);
    str(web.id, '$.webApplicationInfo.id', { max: 36, pattern: guid });
    str(web.resource, '$.webApplicationInfo.resource', { max: 2048, pattern: /^api:\/\//, optional: true });
  }
  return problems;
}
