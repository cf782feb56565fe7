import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadSpec, LoadSummary } from './load-client.ts';

export type { LoadSpec, LoadSummary };

/** Runs one load in a separate process (bench/load-client.ts) and resolves with its summary. */
export function runLoad(spec: LoadSpec): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let summary: LoadSummary | null = null;
    child.on('message', (m) => {
      summary = m as LoadSummary;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (summary) resolve(summary);
      else reject(new Error(`load client exited with code ${code} before answering`));
    });
    child.send(spec);
  });
}
