/**
 * A parent of npm start's children for the orphan test: starts Azurite and one Agents Playground,
 * prints their ports as {"tablePort","queuePort","playgroundPort"}, then waits to be killed.
 */
import { startAzurite } from '../../bot/dev/azurite';
import { freePort } from '../../bot/dev/free-port';
import { demoPeople, startPlayground } from '../../bot/dev/playground';

const azurite = await startAzurite();
const playground = await startPlayground({ botUrl: 'http://127.0.0.1:9', person: demoPeople[1]!, port: await freePort(), workDir: '.data/test-orphans' });
process.stdout.write(`${JSON.stringify({ tablePort: azurite.tablePort, queuePort: azurite.queuePort, playgroundPort: playground.port })}\n`);
setInterval(() => undefined, 60_000);
