import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../support/dev-children-process.ts', import.meta.url));

/** Processes whose command line holds all these words (read from /proc: no tool needed). */
function processesWith(...words: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (words.every((w) => args.includes(w))) found.push(Number(entry));
  }
  return found;
}

describe('npm start\'s children: Azurite and the Agents Playgrounds', function () {
  this.timeout(60_000);

  it('end when their parent is killed with SIGKILL, so no orphan keeps their ports', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ports = await new Promise<{ tablePort: number; queuePort: number; playgroundPort: number }>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
      });
      parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before it was ready`)));
    });
    const children = () => [
      ...processesWith('--tablePort', String(ports.tablePort)),
      ...processesWith('--queuePort', String(ports.queuePort)),
      ...processesWith('-p', String(ports.playgroundPort)),
    ];
    assert.equal(children().length, 3, 'Azurite\'s two services and the Playground run');
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (children().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(children(), [], 'no child outlives its parent');
  });
});
