import type { LogLevel } from './config.ts';

/** Fields of one structured log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logs: one JSON object per line. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger writing JSON lines (`{"t":…,"level":…,"msg":…,…fields}`) to `write`,
 * stderr by default so that stdout stays free for answers.
 * Error values in fields are reduced to their name, code, message and cause.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const log = (at: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level: at, msg: message };
    for (const [key, value] of Object.entries(fields)) entry[key] = value instanceof Error ? describeError(value) : value;
    write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything, for tests and quiet CLI runs. */
export const silentLogger: Logger = createLogger('error', () => {});

function describeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(code === undefined ? {} : { code }),
    message: error.message,
    ...(error.cause instanceof Error ? { cause: describeError(error.cause) } : {}),
    ...(error.name === 'AppError' ? {} : { stack: error.stack }),
  };
}
