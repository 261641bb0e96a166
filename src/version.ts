import { projectRoot } from './project-root.ts';

/** The project's name and version from its package.json. */
export function packageVersion(): string {
  const root = projectRoot();
  return root?.pkg.version === undefined ? 'ask-the-article (unknown version)' : `ask-the-article ${root.pkg.version}`;
}
