import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, type TempWorkspace } from './temp-app.ts';

const run = promisify(execFile);

/** Runs `npm run -s ask -- …` as npm does (plain node on the compiled CLI), with the workspace's settings. */
export function runCli(workspace: TempWorkspace, args: string[], input?: string, env: Record<string, string> = {}, entry = 'src/cli.js') {
  const child = run(process.execPath, [path.join(ROOT, 'dist', entry), ...args], {
    cwd: workspace.dir,
    env: { ...process.env, ...workspace.env, ...env },
  });
  if (input !== undefined) child.child.stdin?.end(input);
  return child;
}
