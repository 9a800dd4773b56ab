import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * The app's logger port: structured lines, one JSON object each (pino), carrying what lets an
 * operator follow one request or one upgrade: `correlationId`, `changeId`, `tenantId`. Pass an
 * error as `err` (its type, message and stack are logged; never sent to a caller).
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line carries these fields too. */
  child(fields: LogFields): Logger;
}

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Where logs go: a Logger, or a callback that receives each JSON line (tests pass `() => undefined`
 * to stay quiet, or collect the lines to check them).
 */
export type LogSink = Logger | ((line: string) => void);

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each JSON line (without its newline); stdout when absent. */
  write?: (line: string) => void;
}

class PinoPort implements Logger {
  constructor(private readonly p: PinoLogger) {}
  debug(message: string, fields?: LogFields): void {
    this.p.debug(fields ?? {}, message);
  }
  info(message: string, fields?: LogFields): void {
    this.p.info(fields ?? {}, message);
  }
  warn(message: string, fields?: LogFields): void {
    this.p.warn(fields ?? {}, message);
  }
  error(message: string, fields?: LogFields): void {
    this.p.error(fields ?? {}, message);
  }
  child(fields: LogFields): Logger {
    return new PinoPort(this.p.child(fields));
  }
}

/** A pino logger: one JSON object a line with `level` as a word, an ISO `time`, `msg` and the fields. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write;
  const destination: DestinationStream | undefined = write ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) } : undefined;
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'upgrade-desk' },
    messageKey: 'msg',
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: stdSerializers.err },
  };
  return new PinoPort(destination ? pino(settings, destination) : pino(settings));
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** The Logger of a sink: a callback gets the JSON lines at `level`; nothing given, stdout at `level`. */
export function toLogger(sink: LogSink | undefined, level: LogLevel = 'info'): Logger {
  if (sink === undefined) return createLogger({ level });
  if (typeof sink === 'function') return createLogger({ level, write: sink });
  return sink;
}

/**
 * A Logger as the `(line) => void` callback some modules take (delivery, timers): lines that
 * report a failure are warnings, the rest information.
 */
export function lineLogger(logger: Logger): (line: string) => void {
  return (line) => (/fail|error|lost|dropping|refused|not (queued|announced|recorded)/i.test(line) ? logger.warn(line) : logger.info(line));
}

/** An error as a log field: pino's serializer logs its type, message and stack. */
export function errorField(err: unknown): Error | { message: string } {
  return err instanceof Error ? err : { message: String(err) };
}
