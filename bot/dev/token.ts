import { pathToFileURL } from 'node:url';
import { devIssuer } from '../src/api/dev-issuer';
import { devUser, devUsers } from '../src/api/dev-users';
import { ConfigError, loadConfig } from '../src/config';

/**
 * npm run token -- <role>: prints a development sign-in token for a demo person (the same issuer
 * and keys as the dev sign-in of the running server, in .data/dev-issuer), for curl and scripts:
 *   curl -H "Authorization: Bearer $(npm run -s token -- csa)" http://127.0.0.1:3978/api/me
 */
const usage = `npm run token -- <role>   print a dev sign-in token (valid 8 hours) for one of: ${devUsers.map((u) => u.role).join(', ')}`;

export async function main(args: string[], out = (s: string) => process.stdout.write(`${s}\n`), err = (s: string) => process.stderr.write(`${s}\n`)): Promise<number> {
  const role = args.find((a) => !a.startsWith('-'));
  if (!role || args.includes('--help') || args.includes('-h')) {
    (role ? out : err)(usage);
    return role ? 0 : 1;
  }
  const user = devUser(role);
  if (!user) {
    err(`There is no demo person "${role}". ${usage}`);
    return 1;
  }
  let config;
  try {
    // Storage is not used here; the dev issuer's folder and the dev sign-in switch are.
    config = loadConfig(process.env, { storageConnectionString: 'UseDevelopmentStorage=true' });
  } catch (e) {
    err(e instanceof ConfigError ? e.message : String(e));
    return 1;
  }
  if (!config.devSignIn) {
    err('The dev sign-in is off (NODE_ENV=production or DEV_SIGN_IN=false): the server would refuse this token.');
    return 1;
  }
  const { token, expiresAt } = await devIssuer(config.devIssuerDir).sign(user);
  out(token);
  err(`${user.name} (${user.role}), valid until ${expiresAt}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
