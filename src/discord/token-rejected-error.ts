import { AppError } from '../errors.ts';

/** The error for a bot token Discord refused (REST 401 or gateway close 4004). Never contains the token. */
export function tokenRejectedError(cause: unknown): AppError {
  return new AppError(
    'DISCORD_LOGIN_FAILED',
    'Discord rejected the bot token in DISCORD_TOKEN: reset it in the Developer Portal ' +
      '(your application → Bot → Reset Token) and put the new one in DISCORD_TOKEN.',
    { cause },
  );
}
