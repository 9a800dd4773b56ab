import { deliveryFigures, deliveryParts, type DeliveryPart } from './delivery';
import { printFigures, printSummary } from './figure';

/**
 * npx tsx test/bench/delivery-main.ts [--json] [one] [many] [burst]: the delivery figures alone
 * (all parts unless some are named), with their verdicts and "N of M figures met"; exit code as
 * `npm run bench` (test/bench/run.ts).
 */
const json = process.argv.includes('--json');
const strict = process.argv.includes('--strict');
const named = process.argv.slice(2).filter((a): a is DeliveryPart => (deliveryParts as readonly string[]).includes(a));
const figures = await deliveryFigures(named.length > 0 ? named : deliveryParts);
printFigures(figures, json);
const missed = printSummary(figures, { json });
process.exit(strict && missed > 0 ? 2 : 0);
