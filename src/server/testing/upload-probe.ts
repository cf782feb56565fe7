import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/connect.ts';
import { inspectAttachment } from '../services/assessment-upload.service.ts';
import { checkEvidence } from '../services/evidence.service.ts';
import { importLedger } from '../services/import.service.ts';
import { testContext } from './context.ts';
import { actorFor } from './ledger-files.ts';
import type { UploadPlace } from './upload-attacks.ts';

/**
 * Run in a process of its own by uploads.http.test.ts (`node --import tsx upload-probe.ts manifest.json`):
 * hands each attack file to the code its upload reaches — the ledger import, the evidence check, the
 * assessment attachment check — one after another, and prints one JSON line per file: the refusal, the
 * milliseconds it took, and the process's peak resident memory so far. Memory is measured here because the
 * RSS of a test worker running many files says nothing about one upload.
 */

export interface ProbeManifest {
  db: string;
  files: { name: string; place: UploadPlace; path: string; filename: string }[];
}
export interface ProbeResult {
  name: string;
  place: UploadPlace;
  refused: boolean;
  message: string;
  ms: number;
  peakRssMb: number;
}

const manifest = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as ProbeManifest;
const handle = openDatabase(manifest.db);
const ctx = testContext(handle, { actor: actorFor('village') });
/**
 * Peak resident memory of this process. VmHWM, not getrusage's maxRSS: maxRSS survives exec, so a child
 * spawned from a large test worker would report the worker's peak instead of its own.
 */
function peakRssMb(): number {
  const status = fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '';
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
}

process.stderr.write(`ready: peak ${Math.round(peakRssMb())} MB\n`);
try {
  for (const f of manifest.files) {
    const bytes = f.place === 'ledger' ? null : fs.readFileSync(f.path);
    const start = performance.now();
    let message = '';
    let refused = false;
    try {
      if (f.place === 'ledger')
        await importLedger(ctx, { path: f.path, filename: f.filename }, { partial: false });
      else if (f.place === 'evidence') await checkEvidence({ filename: f.filename, bytes: bytes! });
      else
        await inspectAttachment({
          filename: f.filename,
          mime: 'application/octet-stream',
          contentBase64: bytes!.toString('base64'),
        });
    } catch (e) {
      refused = true;
      message = (e as Error).message;
    }
    const result: ProbeResult = {
      name: f.name,
      place: f.place,
      refused,
      message,
      ms: Math.round(performance.now() - start),
      peakRssMb: Math.round(peakRssMb()),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
} finally {
  await handle.close();
}
