import { mochaHooks } from '../support/azurite';
import { chatFigures } from './chat';
import { deliveryFigures } from './delivery';
import { formatFigure, type Figure } from './figure';
import { voteFigures } from './vote';
import { windowFigures } from './windows';

/** npm run bench [-- --json]: every figure from one run, each with its baseline measured in the same run. */
const json = process.argv.includes('--json');
const emit = (figures: Figure[]) => {
  for (const f of figures) console.log(json ? JSON.stringify(f) : formatFigure(f));
};

const suites: [string, () => Promise<Figure[]> | Figure[]][] = [
  ['windows', () => windowFigures()],
  ['chat', () => chatFigures()],
  ['vote', () => voteFigures()],
  ['delivery', () => deliveryFigures()],
];

let failed = false;
for (const [name, run] of suites) {
  try {
    emit(await run());
  } catch (err) {
    failed = true;
    console.error(`bench ${name} failed:`, err);
  }
}
await mochaHooks.afterAll();
process.exit(failed ? 1 : 0);
