/** The failures a user or operator can act on. Anything else is a bug. */
export type AppErrorCode =
  | 'CONFIG_INVALID'
  | 'CORPUS_EMPTY'
  | 'CORPUS_UNREADABLE'
  | 'CORPUS_INVALID'
  | 'MODEL_UNAVAILABLE'
  | 'INDEX_UNREADABLE'
  | 'INDEX_OUTDATED'
  | 'INDEX_BUILD_FAILED'
  | 'DISCORD_LOGIN_FAILED'
  | 'DISCORD_GATEWAY_CLOSED'
  | 'NO_TOKEN_NO_TERMINAL'
  | 'NATIVE_MODULE_MISSING'
  | 'METRICS_UNAVAILABLE';

/**
 * An error whose message tells the reader what to do next, e.g.
 * "corpus/ has no .md or .txt files: add the article there". Low-level causes
 * travel in `cause`.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** An error as a child process reports it to its parent: the code of an AppError (null for any other), and the message. */
export interface ReportedError {
  readonly code: AppErrorCode | null;
  readonly message: string;
}

export function reportError(error: unknown): ReportedError {
  return { code: isAppError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) };
}
