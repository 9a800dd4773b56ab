import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerProcessConfig } from '../../support/outbox-worker-process';

const script = fileURLToPath(new URL('../../support/outbox-worker-process.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Its name in leases: `<instance>#<incarnation>`. */
  owner: string;
  /** What the child printed, one JSON object a line. */
  events: Record<string, unknown>[];
  /** Kills it at once: no cleanup, no last writes (kill -9). */
  kill9(): Promise<void>;
  /** Asks it to stop (SIGTERM) and waits. */
  stop(): Promise<void>;
}

/** Starts test/support/outbox-worker-process.ts as a child and waits until it is ready. */
export async function startWorkerProcess(config: WorkerProcessConfig): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  let owner = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${config.instance} did not start:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as Record<string, unknown>;
        events.push(event);
        if (event.ready) {
          owner = String(event.ready);
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`worker ${config.instance} exited with ${code}:\n${stderr}`)));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    owner,
    events,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}
