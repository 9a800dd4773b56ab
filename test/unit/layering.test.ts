import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';

const rules = createRequire(import.meta.url)('../../.dependency-cruiser.cjs');

async function violationsIn(paths: string[]): Promise<string[]> {
  const result = await cruise(paths, { ...rules.options, validate: true, ruleSet: { forbidden: rules.forbidden } });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the layering of bot/src (dependency-cruiser, .dependency-cruiser.cjs)', function () {
  this.timeout(60_000);

  it('domain imports no other layer; use cases import no cards, Teams, HTTP, delivery or storage code; nothing is circular', async () => {
    const violations = await violationsIn(['bot/src']);
    assert.deepEqual(violations, []);
  });

  it('the rules catch a use case that imports a card, even for a type, and a domain file that imports storage', async () => {
    const probes = {
      'bot/src/usecases/zz-layering-probe.ts': "import type { AdaptiveCard } from '../cards/adaptive-card';\nexport type Probe = AdaptiveCard;\n",
      'bot/src/domain/zz-layering-probe.ts': "import { TableUpgradeStore } from '../store/upgrade-store';\nexport const probe = TableUpgradeStore;\n",
    };
    try {
      for (const [path, text] of Object.entries(probes)) writeFileSync(path, text);
      const violations = await violationsIn(Object.keys(probes));
      assert.ok(violations.some((v) => v.startsWith('usecases-take-ports: bot/src/usecases/zz-layering-probe.ts -> bot/src/cards/adaptive-card.ts')), violations.join('\n'));
      assert.ok(violations.some((v) => v.startsWith('domain-is-pure: bot/src/domain/zz-layering-probe.ts -> bot/src/store/upgrade-store.ts')), violations.join('\n'));
    } finally {
      for (const path of Object.keys(probes)) rmSync(path, { force: true });
    }
  });
});
