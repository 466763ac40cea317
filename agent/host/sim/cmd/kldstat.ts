// Emulated kldstat(8): the loaded-files table of sbin/kldstat/kldstat.c
// ("%2d %4d %*p %8zx %s"), with plausible deterministic addresses and sizes.
import type { SimModule, SimState } from '../state.js';
import type { CmdResult, SimCommand } from './types.js';

const USAGE = 'usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]\n';
const PTR_WIDTH = 18;

/** Stable pseudo-size of a module file from its name (kernel: a GENERIC-sized image). */
function size(name: string): number {
  if (name === 'kernel') return 0x1f3e2d0;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return 0x2000 + (h % 0x3e000);
}

interface FileRow {
  m: SimModule;
  file: string;
  refs: number;
  addr: bigint;
  size: number;
}

/** Every loaded file with refs (kernel: everyone; netgraph: its ng_* users) and addresses in load order. */
function files(state: SimState): FileRow[] {
  let next = 0xffffffff82100000n;
  const mods = [...state.modules].sort((a, b) => a.id - b.id);
  return mods.map((m) => {
    const sz = size(m.name);
    const refs = m.name === 'kernel' ? mods.length : m.name === 'netgraph' ? 1 + mods.filter((x) => x.name.startsWith('ng_')).length : 1;
    const addr = m.name === 'kernel' ? 0xffffffff80200000n : next;
    if (m.name !== 'kernel') next += BigInt((sz + 0xfff) & ~0xfff);
    return { m, file: m.name === 'kernel' ? 'kernel' : `${m.name}.ko`, refs, addr, size: sz };
  });
}

/** One table row, verbose adds the path and contained module. */
function row(f: FileRow, verbose: boolean): string {
  const base = `${String(f.m.id).padStart(2)} ${String(f.refs).padStart(4)} ${`0x${f.addr.toString(16)}`.padStart(PTR_WIDTH)} ${f.size.toString(16).padStart(8)} ${f.file}`;
  if (!verbose) return base + '\n';
  const path = f.file === 'kernel' ? '/boot/kernel/kernel' : `/boot/kernel/${f.file}`;
  return `${base} (${path})\n\tContains modules:\n\t\t Id Name\n\t\t${String(f.m.id).padStart(3)} ${f.m.name}\n\tDependencies:\n`;
}

/** Emulated kldstat(8). */
export const kldstat: SimCommand = (argv, ctx): CmdResult => {
  const o = { v: false, q: false, i: null as string | null, n: null as string | null, m: null as string | null };
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    if (!a.startsWith('-') || a.length < 2) return { stdout: '', stderr: USAGE, code: 1 };
    for (let c = 1; c < a.length; c++) {
      const ch = a[c]!;
      if ('inm'.includes(ch)) {
        const val = a.slice(c + 1) || argv[++k];
        if (val === undefined) return { stdout: '', stderr: `kldstat: option requires an argument -- ${ch}\n${USAGE}`, code: 1 };
        (o as Record<string, unknown>)[ch] = val;
        break;
      }
      if (ch === 'v') o.v = true;
      else if (ch === 'q') o.q = true;
      else if (ch !== 'd' && ch !== 'h') return { stdout: '', stderr: `kldstat: illegal option -- ${ch}\n${USAGE}`, code: 1 };
    }
  }
  const all = files(ctx.state);
  if (o.m !== null) {
    const f = all.find((x) => x.m.name === o.m);
    if (!f) return { stdout: '', stderr: o.q ? '' : `kldstat: can't find module ${o.m}: No such file or directory\n`, code: 1 };
    return { stdout: o.q ? '' : `Id  Refs Name\n${String(f.m.id).padStart(3)} ${String(f.refs).padStart(4)} ${f.m.name}\n`, stderr: '', code: 0 };
  }
  let rows = all;
  if (o.n !== null) {
    const want = o.n.replace(/\.ko$/, '');
    rows = all.filter((x) => x.m.name === want);
    if (rows.length === 0) return { stdout: '', stderr: o.q ? '' : `kldstat: can't find file ${o.n}: No such file or directory\n`, code: 1 };
    if (o.q) return { stdout: '', stderr: '', code: 0 };
  } else if (o.i !== null) {
    if (!/^\d+$/.test(o.i)) return { stdout: '', stderr: USAGE, code: 1 };
    rows = all.filter((x) => x.m.id === Number(o.i));
    if (rows.length === 0) return { stdout: '', stderr: `kldstat: can't stat file id ${o.i}: No such file or directory\n`, code: 1 };
  }
  const head = `Id Refs Address${' '.repeat(PTR_WIDTH - 7)} ${'Size'.padStart(8)} Name\n`;
  return { stdout: head + rows.map((f) => row(f, o.v)).join(''), stderr: '', code: 0 };
};
