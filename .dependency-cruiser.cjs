/**
 * The layering of bot/src, checked by `npm test` (npm run layers): dependencies point inward.
 * domain (pure rules) <- usecases (what people do, through ports) <- the edges: cards, teams,
 * api, delivery, store, sharepoint; server.ts and main.ts wire them together.
 */
const edges = '^bot/src/(cards|teams|api|delivery|store|sharepoint)/';
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'bot/src/domain holds the rules: it imports no other layer of the app and no I/O library.',
      severity: 'error',
      from: { path: '^bot/src/domain/' },
      to: { path: ['^bot/src/(usecases|cards|teams|api|delivery|store|sharepoint)/', '^bot/src/(config|logging|main|server|index)\\.ts$', '^node_modules/(@azure|botbuilder|restify|pino)'] },
    },
    {
      name: 'usecases-take-ports',
      comment: 'bot/src/usecases decide through ports: no cards, Teams, HTTP, delivery or storage code (the edges build cards and do I/O).',
      severity: 'error',
      from: { path: '^bot/src/usecases/' },
      to: { path: [edges, '^node_modules/(@azure|botbuilder|restify)'] },
    },
    {
      name: 'cards-are-drawing',
      comment: 'bot/src/cards draw view models: they call no use case, store, delivery or Teams code.',
      severity: 'error',
      from: { path: '^bot/src/cards/' },
      to: { path: '^bot/src/(teams|api|delivery|store|sharepoint)/' },
    },
    {
      name: 'no-circular',
      comment: 'No module needs itself at run time (a cycle through type-only imports is harmless).',
      severity: 'error',
      from: { path: '^bot/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|test)/' },
  },
};
