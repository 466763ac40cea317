// Emulated kldload(8): `kldload [-nqv] file …`, kldload.c's messages and exit
// status (1 if any file failed).
import { isLoaded, kldload as load, moduleName } from '../modules.js';
import { errnoOf, strerror } from '../errno.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE = 'usage: kldload [-nqv] file ...\n';

/** Emulated kldload(8). */
export const kldload: SimCommand = (argv, ctx): CmdResult => {
  let n = false;
  let v = false;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
    if (argv[i] === '--') {
      i++;
      break;
    }
    for (const c of argv[i]!.slice(1)) {
      if (c === 'n') n = true;
      else if (c === 'v') v = true;
      else if (c !== 'q') return { stdout: '', stderr: `kldload: illegal option -- ${c}\n${USAGE}`, code: 1 };
    }
  }
  const files = argv.slice(i);
  if (files.length === 0) return { stdout: '', stderr: USAGE, code: 1 };
  let stdout = '';
  let stderr = '';
  let errors = 0;
  for (const f of files) {
    if (n && isLoaded(ctx.state, f)) {
      if (v) stdout += `${f} is already loaded\n`;
      continue;
    }
    try {
      load(ctx.state, f);
      const m = ctx.state.modules.find((x) => x.name === moduleName(f));
      if (v) stdout += `Loaded ${f}, id=${m?.id ?? 0}\n`;
    } catch (e) {
      errors++;
      if (errnoOf(e) === 'EEXIST') stderr += `kldload: can't load ${f}: module already loaded or in kernel\n`;
      else stderr += `kldload: can't load ${f}: ${strerror(e)}\n`;
    }
  }
  return { stdout, stderr, code: errors ? 1 : 0 };
};
