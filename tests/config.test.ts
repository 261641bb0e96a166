import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('loadConfig', () => {
  it('has working defaults and no Discord without a token', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      corpusDir: '/srv/app/corpus',
      indexDir: path.resolve('/srv/app/data/index'),
      modelsDir: '/srv/app/models',
      model: { id: 'all-MiniLM-L6-v2', allowRemote: false },
      answer: { maxChars: 320, maxSupporting: 2 },
      logLevel: null,
      logContent: false,
      discord: null,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.answer)).toBe(true);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      CORPUS_DIR: '/data/articles',
      INDEX_DIR: 'idx',
      EMBEDDING_MODEL: 'Xenova/bge-small-en-v1.5',
      ALLOW_REMOTE_MODELS: 'true',
      ANSWER_MAX_CHARS: '400',
      ANSWER_MAX_SUPPORTING: '1',
      LOG_LEVEL: 'debug',
      DISCORD_TOKEN: TOKEN,
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
      MODERATOR_ROLE_IDS: '223456789012345678, 323456789012345678',
      ASK_COOLDOWN_SECONDS: '0',
      CORPUS_MAX_BYTES: '500000',
      REINDEX_TIMEOUT_SECONDS: '60',
      PROVENANCE_MAX_REPLIES: '50',
      PROVENANCE_MAX_AGE_HOURS: '2',
    }, '/srv/app');
    expect(config.indexing).toEqual({ maxCorpusBytes: 500_000, rebuildTimeoutSeconds: 60 });
    expect(config.corpusDir).toBe('/data/articles');
    expect(config.indexDir).toBe('/srv/app/idx');
    expect(config.model).toEqual({ id: 'Xenova/bge-small-en-v1.5', allowRemote: true });
    expect(config.answer).toEqual({ maxChars: 400, maxSupporting: 1 });
    expect(config.discord).toMatchObject({
      token: TOKEN,
      applicationId: null,
      guildId: '123456789012345678',
      apiUrl: 'http://127.0.0.1:8080/api',
      moderatorRoleIds: ['223456789012345678', '323456789012345678'],
      cooldownSeconds: 0,
      provenance: { maxReplies: 50, maxAgeHours: 2 },
    });
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).discord?.provenance).toEqual({ maxReplies: 2000, maxAgeHours: 168 });
  });

  it('reports every problem in one error, and never echoes the token', () => {
    const badToken = 'not-a-token-secret-value';
    let message = '';
    try {
      loadConfig({
        ANSWER_MAX_CHARS: 'lots',
        ANSWER_MAX_SUPPORTING: '5',
        ALLOW_REMOTE_MODELS: 'maybe',
        LOG_LEVEL: 'loud',
        DISCORD_TOKEN: badToken,
        DISCORD_GUILD_ID: '42',
        DISCORD_API_URL: 'ftp://example',
        MODERATOR_ROLE_IDS: 'admins',
        ASK_COOLDOWN_SECONDS: '-1',
        PROVENANCE_MAX_AGE_HOURS: '0',
      });
    } catch (error) {
      expect(error).toMatchObject({ name: 'AppError', code: 'CONFIG_INVALID' });
      message = (error as Error).message;
    }
    for (const name of ['ANSWER_MAX_CHARS', 'ANSWER_MAX_SUPPORTING', 'ALLOW_REMOTE_MODELS', 'LOG_LEVEL', 'DISCORD_TOKEN', 'DISCORD_GUILD_ID', 'DISCORD_API_URL', 'MODERATOR_ROLE_IDS', 'ASK_COOLDOWN_SECONDS', 'PROVENANCE_MAX_AGE_HOURS']) {
      expect(message).toContain(name);
    }
    expect(message).toContain('10 problems');
    expect(message).not.toContain(badToken);
  });

  it('serves health and metrics only with METRICS_PORT, on 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toBeNull();
    expect(loadConfig({ METRICS_HOST: '0.0.0.0' }).metrics).toBeNull();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 0, host: '0.0.0.0' });
    expect(() => loadConfig({ METRICS_PORT: 'http' })).toThrow(/METRICS_PORT must be a whole number from 0 to 65535/);
  });

  it('keeps no question text unless STORE_QUESTIONS says so, and suggests asked questions only when asked to', () => {
    expect(loadConfig({}).questions).toEqual({ storeText: false, retentionDays: 30, suggestAsked: false });
    expect(loadConfig({ STORE_QUESTIONS: 'true', QUESTION_RETENTION_DAYS: '7', SUGGEST_ASKED_QUESTIONS: 'yes' }).questions).toEqual({ storeText: true, retentionDays: 7, suggestAsked: true });
    expect(() => loadConfig({ QUESTION_RETENTION_DAYS: '0', STORE_QUESTIONS: 'sometimes' })).toThrow(/2 problems[\s\S]*QUESTION_RETENTION_DAYS[\s\S]*STORE_QUESTIONS|2 problems[\s\S]*STORE_QUESTIONS[\s\S]*QUESTION_RETENTION_DAYS/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', LOG_LEVEL: '  ' }).discord).toBeNull();
  });
});

describe('.env.example', () => {
  it('documents every setting with its default', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('dotenv');
    const documented = parse(await readFile(new URL('../.env.example', import.meta.url)));
    expect(loadConfig(documented, '/srv/app')).toEqual(loadConfig({}, '/srv/app'));
    const read = await readFile(new URL('../src/config.ts', import.meta.url), 'utf8');
    const used = [...read.matchAll(/\b(?:read|dir|int|bool)\('([A-Z_]+)'/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(Object.keys(documented)).toContain(name);
  });
});
