import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/temp-app.ts';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
/** The Dockerfile's instructions with continuation lines joined. */
const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ');
const runStage = dockerfile.split(/^FROM /m).at(-1) ?? '';
const instructions = (stage: string, name: string) => stage.split('\n').filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1).trim());

// The image itself cannot be built here (no Docker engine): scripts/check-image-steps.sh runs its
// steps. These checks keep the files consistent with the code they run.
describe('Dockerfile', () => {
  it('runs node on the compiled entry point directly, no npm, as a non-root user', () => {
    const [cmd] = instructions(runStage, 'CMD');
    const argv = JSON.parse(cmd ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('dist/src/main.js');
    expect(existsSync(path.join(ROOT, argv.at(-1)!))).toBe(true);
    expect(instructions(runStage, 'ENTRYPOINT')).toEqual([]);
    expect(runStage).not.toMatch(/\bnpm\b/);
    expect(instructions(runStage, 'USER')).toEqual(['node']);
  });

  it('is multi-stage: the model and dist/ are built in the build stage and copied, dev dependencies pruned', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    const build = dockerfile.split(/^FROM /m)[1] ?? '';
    expect(instructions(build, 'RUN').join(' ')).toMatch(/npm ci .*&& npm prune --omit=dev/);
    expect(instructions(runStage, 'COPY')).toEqual(expect.arrayContaining(['--from=build /app/dist ./dist', '--from=build /app/models ./models']));
  });

  it('keeps the index and feedback in the data volume, with settings the app knows', () => {
    expect(instructions(runStage, 'VOLUME')).toEqual(['["/app/data"]']);
    const env = Object.fromEntries(instructions(runStage, 'ENV').flatMap((line) => line.split(/\s+/)).map((pair) => pair.split('=') as [string, string]));
    expect(env).toMatchObject({ DATA_DIR: '/app/data', INDEX_DIR: '/app/data/index' });
    const documented = Object.keys(parse(read('.env.example')));
    for (const name of Object.keys(env).filter((name) => name !== 'NODE_ENV')) expect(documented).toContain(name);
  });

  it('.dockerignore keeps secrets and local builds out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'dist', 'models', 'data']));
  });
});

describe('compose.yaml', () => {
  it('reads .env and mounts the data volume where the image keeps its data', () => {
    const compose = read('compose.yaml');
    expect(compose).toMatch(/^\s+env_file: \.env$/m);
    expect(compose).toMatch(/^\s+- data:\/app\/data$/m);
    expect(compose).toMatch(/^volumes:\n\s+data:/m);
  });
});

describe('the systemd unit', () => {
  it('runs node on the compiled entry point directly, and may write only the data folder', () => {
    const unit = read('deploy/ask-the-article.service');
    const exec = /^ExecStart=(.+)$/m.exec(unit)?.[1] ?? '';
    expect(exec).toMatch(/^\/usr\/bin\/node .*dist\/src\/main\.js$/);
    expect(exec).not.toMatch(/\bnpm\b/);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^ReadWritePaths=\/opt\/ask-the-article\/data$/m);
    const stopAfter = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1]);
    expect(stopAfter).toBeGreaterThan(Number(parse(read('.env.example'))['SHUTDOWN_TIMEOUT_SECONDS']));
  });
});
