/**
 * restify 11 (the newest that declares Node 20 support) reads process.binding('http_parser') at
 * load, which Node 20 reports as DEP0111 on every start. The warning is about restify's internals
 * and says nothing to someone running the bot, so that one code is dropped; every other warning prints.
 */
const defaultListeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code === 'DEP0111') return;
  for (const listener of defaultListeners) listener(warning);
});
