import { deliveryFigures } from './delivery';
import { formatFigure } from './figure';

/** npx tsx test/bench/delivery-main.ts [--json]: the delivery figures alone. */
const json = process.argv.includes('--json');
for (const f of await deliveryFigures()) console.log(json ? JSON.stringify(f) : formatFigure(f));
process.exit(0);
