import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/temp-app.ts';

interface Manifest {
  name?: string;
  scripts?: Record<string, string>;
  gypfile?: boolean;
  allowScripts?: Record<string, boolean>;
}

/** Every installed package (any depth) with an install-time script, including the implicit node-gyp build. */
function packagesWithInstallScripts(dir: string, found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      packagesWithInstallScripts(folder, found);
      continue;
    }
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as Manifest;
      const scripts = manifest.scripts ?? {};
      // npm runs `node-gyp rebuild` for a package with a binding.gyp and no install script of its own.
      const gyp = manifest.gypfile !== false && existsSync(path.join(folder, 'binding.gyp'));
      if (manifest.name !== undefined && (gyp || ['preinstall', 'install', 'postinstall'].some((name) => name in scripts))) found.add(manifest.name);
    } catch {
      // not a package folder
    }
    try {
      packagesWithInstallScripts(path.join(folder, 'node_modules'), found);
    } catch {
      // no nested node_modules
    }
  }
  return found;
}

describe('package.json allowScripts', () => {
  const { allowScripts = {} } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

  it('decides on every installed package with an install script, so npm 11 does not warn at install', () => {
    const undecided = [...packagesWithInstallScripts(path.join(ROOT, 'node_modules'))].filter((name) => !(name in allowScripts));
    expect(undecided).toEqual([]);
  });

  it('lets hnswlib-node compile its addon', () => {
    expect(packagesWithInstallScripts(path.join(ROOT, 'node_modules'))).toContain('hnswlib-node');
    expect(allowScripts['hnswlib-node']).toBe(true);
  });
});
