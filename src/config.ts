import path from 'node:path';
import { AppError } from './errors.ts';

/** Log verbosity, most to least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Settings of the Discord bot; present only when `DISCORD_TOKEN` is set. */
export interface DiscordConfig {
  readonly token: string;
  /** The application (client) id; `null` means "learn it from the token at login". */
  readonly applicationId: string | null;
  /** Register commands in this guild only (instant), instead of globally. */
  readonly guildId: string | null;
  /** REST base handed to discord.js as `rest.api`, e.g. a proxy or a fake Discord in tests. */
  readonly apiUrl: string | null;
  /** Roles whose members may `/reindex`, besides members with Manage Server. */
  readonly moderatorRoleIds: readonly string[];
  /** Seconds a member waits between two questions. 0 disables the cooldown. */
  readonly cooldownSeconds: number;
  /** Questions answered at the same time; further ones wait their turn. */
  readonly maxConcurrentAnswers: number;
  /** Seconds to finish questions in flight on SIGINT/SIGTERM before disconnecting. */
  readonly shutdownTimeoutSeconds: number;
  /** How much the bot remembers about its replies for "Why this answer?": the last `maxReplies`, none older than `maxAgeHours`. */
  readonly provenance: { readonly maxReplies: number; readonly maxAgeHours: number };
}

/** Everything the app can be told, parsed once from the environment. Frozen. */
export interface Config {
  /** Folder whose `.md` / `.txt` files are the articles. */
  readonly corpusDir: string;
  /** Folder of the vector index (built aside, then swapped in). */
  readonly indexDir: string;
  /** Folder for durable bot data such as feedback. */
  readonly dataDir: string;
  /** Folder holding the built local model and any downloaded model cache. */
  readonly modelsDir: string;
  readonly model: {
    /** `all-MiniLM-L6-v2` (built locally, offline) or a Hugging Face id such as `Xenova/bge-small-en-v1.5`. */
    readonly id: string;
    /** Whether transformers.js may download a model it does not have. Off by default. */
    readonly allowRemote: boolean;
  };
  readonly answer: {
    /** Longest first quote (the answer), in characters. */
    readonly maxChars: number;
    /** How many supporting quotes may follow the answer. */
    readonly maxSupporting: number;
  };
  readonly indexing: {
    /** `CORPUS_MAX_BYTES`: most bytes all corpus documents together may have. Building takes about a minute per MB on two cores (5.1 MB: 287 s). */
    readonly maxCorpusBytes: number;
    /** `REINDEX_TIMEOUT_SECONDS`: a rebuild running longer is stopped and the old index keeps serving. */
    readonly rebuildTimeoutSeconds: number;
  };
  /** What the bot keeps about questions, for `/report` and suggestions. */
  readonly questions: QuestionsConfig;
  /** `LOG_LEVEL`; `null` when unset, and each entry point picks its default. */
  readonly logLevel: LogLevel | null;
  /** Whether info logs may include question text. Off by default (privacy). */
  readonly logContent: boolean;
  /** `NO_COLOR` set to anything (https://no-color.org): the chat prints no colour even on a terminal. */
  readonly noColor: boolean;
  readonly discord: DiscordConfig | null;
  /** The health and metrics endpoint of the bot; present only when `METRICS_PORT` is set. */
  readonly metrics: MetricsConfig | null;
}

/** What the bot keeps about the questions it is asked (see the question store). */
export interface QuestionsConfig {
  /** `STORE_QUESTIONS`: keep question text for `/report` (and suggestions). Off by default: only counts are kept. */
  readonly storeText: boolean;
  /** `QUESTION_RETENTION_DAYS`: stored question text is erased after this many days. */
  readonly retentionDays: number;
  /** `SUGGEST_ASKED_QUESTIONS`: autocomplete also offers questions asked in the server that were answered and got more 👍 than 👎. Needs `STORE_QUESTIONS`. */
  readonly suggestAsked: boolean;
}

/** Where `/healthz` and `/metrics` are served. */
export interface MetricsConfig {
  /** `METRICS_PORT`; 0 picks a free port (logged at start-up). */
  readonly port: number;
  /** `METRICS_HOST`: 127.0.0.1 by default, so nothing outside the machine sees it unless you say so. */
  readonly host: string;
}

export const DEFAULT_MODEL_ID = 'all-MiniLM-L6-v2';

/**
 * Parses the environment into a frozen Config. Relative paths resolve against
 * `cwd`. Every missing or invalid variable is reported in one AppError.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const dir = (name: string, fallback: string): string => path.resolve(cwd, read(name) ?? fallback);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${read(name)}")`);
    return fallback;
  };
  const snowflake = (name: string, value: string | undefined): string | null => {
    if (value === undefined) return null;
    if (!/^\d{17,20}$/.test(value)) {
      problems.push(`${name} must be a Discord id (17 to 20 digits, got "${value}")`);
      return null;
    }
    return value;
  };

  const logLevelRaw = read('LOG_LEVEL');
  const logLevel = (['debug', 'info', 'warn', 'error'] as const).find((level) => level === logLevelRaw) ?? null;
  if (logLevelRaw !== undefined && logLevel === null) problems.push(`LOG_LEVEL must be one of debug, info, warn, error (got "${logLevelRaw}")`);

  const modelId = read('EMBEDDING_MODEL') ?? DEFAULT_MODEL_ID;
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(modelId)) {
    problems.push(`EMBEDDING_MODEL must be ${DEFAULT_MODEL_ID} or a Hugging Face id like Xenova/bge-small-en-v1.5 (got "${modelId}")`);
  }

  const config: Config = {
    corpusDir: dir('CORPUS_DIR', 'corpus'),
    indexDir: dir('INDEX_DIR', 'data/index'),
    dataDir: dir('DATA_DIR', 'data'),
    modelsDir: dir('MODELS_DIR', 'models'),
    model: { id: modelId, allowRemote: bool('ALLOW_REMOTE_MODELS', false) },
    answer: {
      maxChars: int('ANSWER_MAX_CHARS', 320, 80, 1500),
      maxSupporting: int('ANSWER_MAX_SUPPORTING', 2, 0, 2),
    },
    indexing: {
      maxCorpusBytes: int('CORPUS_MAX_BYTES', 2_000_000, 1_000, 100_000_000),
      rebuildTimeoutSeconds: int('REINDEX_TIMEOUT_SECONDS', 900, 5, 86_400),
    },
    questions: {
      storeText: bool('STORE_QUESTIONS', false),
      retentionDays: int('QUESTION_RETENTION_DAYS', 30, 1, 3650),
      suggestAsked: bool('SUGGEST_ASKED_QUESTIONS', false),
    },
    logLevel,
    logContent: bool('LOG_MESSAGE_CONTENT', false),
    noColor: read('NO_COLOR') !== undefined,
    discord: discordConfig(),
    metrics: metricsConfig(),
  };

  if (problems.length > 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nSee .env.example for every setting and its default.',
    );
  }
  return deepFreeze(config);

  function metricsConfig(): MetricsConfig | null {
    const host = read('METRICS_HOST') ?? '127.0.0.1';
    if (read('METRICS_PORT') === undefined) return null;
    return { port: int('METRICS_PORT', 0, 0, 65535), host };
  }

  function discordConfig(): DiscordConfig | null {
    const token = read('DISCORD_TOKEN');
    const apiUrlRaw = read('DISCORD_API_URL');
    let apiUrl: string | null = null;
    if (apiUrlRaw !== undefined) {
      try {
        const url = new URL(apiUrlRaw);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
        apiUrl = apiUrlRaw.replace(/\/+$/, '');
      } catch {
        problems.push(`DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8080/api (got "${apiUrlRaw}")`);
      }
    }
    const roles = (read('MODERATOR_ROLE_IDS') ?? '')
      .split(',')
      .map((role) => role.trim())
      .filter((role) => role !== '')
      .map((role) => snowflake('MODERATOR_ROLE_IDS', role))
      .filter((role): role is string => role !== null);
    const settings = {
      applicationId: snowflake('DISCORD_APPLICATION_ID', read('DISCORD_APPLICATION_ID')),
      guildId: snowflake('DISCORD_GUILD_ID', read('DISCORD_GUILD_ID')),
      apiUrl,
      moderatorRoleIds: roles,
      cooldownSeconds: int('ASK_COOLDOWN_SECONDS', 5, 0, 3600),
      maxConcurrentAnswers: int('MAX_CONCURRENT_ANSWERS', 4, 1, 64),
      shutdownTimeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 300),
      provenance: {
        maxReplies: int('PROVENANCE_MAX_REPLIES', 2000, 0, 100_000),
        maxAgeHours: int('PROVENANCE_MAX_AGE_HOURS', 168, 1, 8760),
      },
    };
    if (token === undefined) return null;
    // A token is three dot-separated base64url parts; anything else cannot log in.
    // The value itself is never echoed.
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
      problems.push('DISCORD_TOKEN does not look like a bot token (three dot-separated parts); copy it again from the Developer Portal');
    }
    return { token, ...settings };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
