import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';

/**
 * One bot for the whole test file: started before the first test, closed after
 * the last. After each test the fake must have refused nothing, and at the end no
 * log line may hold the token. The returned harness is usable inside tests and hooks.
 */
export function useHarness(options: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterEach(() => {
    expect(current?.fake.problems()).toEqual([]);
  });
  afterAll(async () => {
    if (current === undefined) return;
    expect(current.logs.join('')).not.toContain(current.fake.token);
    await current.close();
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (current === undefined) throw new Error('the harness starts in beforeAll: use it inside a test or hook');
      return Reflect.get(current, key) as unknown;
    },
  });
}
