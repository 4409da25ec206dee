/**
 * Preloaded into a whole-process bench run (`node --require out/bench/peak-rss.js …`): when the
 * process exits, writes its peak resident set size (VmHWM: every thread of the process counts) to
 * the file named by CLAIMLINT_BENCH_RSS_FILE. Measuring code only; the CLI knows nothing of it.
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.CLAIMLINT_BENCH_RSS_FILE;
if (isMainThread && out) {
  process.on('exit', () => {
    let bytes = process.resourceUsage().maxRSS * 1024;
    try {
      const m = /VmHWM:\s*(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      if (m) bytes = Number(m[1]) * 1024;
    } catch {
      // not Linux: resourceUsage's figure
    }
    fs.writeFileSync(out, String(bytes));
  });
}
