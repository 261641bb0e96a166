import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeModuleError } from '../../src/adapters/native-module.ts';

const require = createRequire(import.meta.url);

describe('nativeModuleError', () => {
  it("turns the real 'Could not locate the bindings file' error of an uncompiled addon into one line of advice", async () => {
    // A package folder like hnswlib-node's when its install script never ran: no build/.
    const dir = await mkdtemp(path.join(tmpdir(), 'ask-the-article-addon-'));
    await writeFile(path.join(dir, 'package.json'), '{"name":"uncompiled"}');
    try {
      const bindings = require('bindings') as (options: { bindings: string; module_root: string }) => unknown;
      let raw: unknown;
      try {
        bindings({ bindings: 'addon', module_root: dir });
      } catch (error) {
        raw = error;
      }
      expect(String(raw)).toContain('Could not locate the bindings file');
      let mapped: unknown;
      try {
        nativeModuleError(raw);
      } catch (error) {
        mapped = error;
      }
      expect(mapped).toMatchObject({ name: 'AppError', code: 'NATIVE_MODULE_MISSING', cause: raw });
      const message = (mapped as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/python3, make and g\+\+.*`npm rebuild hnswlib-node`/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rethrows anything else unchanged', () => {
    const other = new Error('disk full');
    expect(() => nativeModuleError(other)).toThrow(other);
  });
});
