import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';

/** Azurite's well-known development account (public, documented; not a secret). */
const account = 'devstoreaccount1';
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Folder for persistent data; omit for in-memory (tests). */
  location?: string;
  tablePort?: number;
  queuePort?: number;
}

export interface RunningAzurite {
  connectionString: string;
  tablePort: number;
  queuePort: number;
  stop(): Promise<void>;
}

const azuriteRoot = dirname(createRequire(import.meta.url).resolve('azurite/package.json'));
/** Ends the child when this process ends, however it ends. */
export const dieWithParent = fileURLToPath(new URL('./die-with-parent.cjs', import.meta.url));

function startService(service: 'table' | 'queue', port: number, options: AzuriteOptions): Promise<ChildProcess> {
  const args = [
    join(azuriteRoot, 'dist', 'src', service, 'main.js'),
    '--disableTelemetry',
    '--silent',
    `--${service}Host`,
    '127.0.0.1',
    `--${service}Port`,
    String(port),
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, ['--require', dieWithParent, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  // Whatever way this process ends, its Azurite ends with it (no orphan holding ports).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite ${service} did not start within 20 s:\n${output}`)), 20_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/successfully (started|listens)/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      } else if (/EADDRINUSE|Exit due to unhandled error/.test(output)) {
        fail(new Error(`Azurite ${service} could not start on port ${port}:\n${output}`));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Azurite ${service} exited with code ${code}:\n${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT: Azurite saves its tables on SIGINT; on SIGTERM the last few seconds of writes are lost.
    child.kill('SIGINT');
  });
}

/** Starts Azurite's Table and Queue services on loopback and waits until both answer. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const tablePort = options.tablePort ?? (await freePort());
  const queuePort = options.queuePort ?? (await freePort());
  const [table, queue] = await Promise.allSettled([
    startService('table', tablePort, options),
    startService('queue', queuePort, options),
  ]);
  if (table.status === 'rejected' || queue.status === 'rejected') {
    if (table.status === 'fulfilled') await stopChild(table.value);
    if (queue.status === 'fulfilled') await stopChild(queue.value);
    throw table.status === 'rejected' ? table.reason : (queue as PromiseRejectedResult).reason;
  }
  const children = [table.value, queue.value];
  for (const c of children) c.removeAllListeners('exit');
  return {
    tablePort,
    queuePort,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};` +
      `TableEndpoint=http://127.0.0.1:${tablePort}/${account};QueueEndpoint=http://127.0.0.1:${queuePort}/${account};`,
    stop: async () => {
      await Promise.all(children.map(stopChild));
    },
  };
}
