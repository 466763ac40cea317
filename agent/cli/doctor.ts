// `ngstudio doctor`: checks what a host needs for the freebsd backend and says
// how to fix each gap, one line per check (ok / FAIL / warn); exit 0 when
// every required check passes, else 1. With --selftest it also proves the
// backend and the engine inside a throwaway jail (agent/selftest), and with
// --bundle writes what that ran into a support bundle (agent/support).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { release } from 'node:os';
import { createExec, type CommandRecord, type Exec } from '../host/freebsd/exec.js';
import { runSelftest } from '../selftest/run.js';
import { formatSelftestCheck } from '../selftest/report.js';
import { collectVersions, writeBundle } from '../support/bundle.js';
import { parse, UsageError, type CliIO } from './args.js';
import { version } from './help.js';

/** One check's verdict. `required` failures make the exit status 1. */
export interface Check {
  status: 'ok' | 'FAIL' | 'warn';
  what: string;
  detail: string;
  required: boolean;
}

/** The commands the freebsd backend and the apply engine run. */
export const NEEDED_COMMANDS = ['ngctl', 'ifconfig', 'jail', 'jls', 'jexec', 'kldload', 'kldstat'] as const;

/** What the doctor looks at; tests pass a fake platform or the emulated commands' folder. */
export interface DoctorEnv {
  platform: string;
  uid: number | null;
  nodeVersion: string;
  /** Where commands are looked up: a --bin-dir, else PATH. */
  binDir?: string;
  path: string;
  exec: Exec;
}

/** The full path of `cmd` (executable), or null. */
function which(cmd: string, env: DoctorEnv): string | null {
  const dirs = env.binDir !== undefined ? [env.binDir] : env.path.split(delimiter).filter((d) => d !== '');
  for (const d of dirs) {
    const p = join(d, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** Is kernel module `mod` loaded? (`kldstat -q -m MOD`: exit 0 when it is.) */
async function loaded(env: DoctorEnv, mod: string): Promise<boolean> {
  const r = await env.exec.run(['kldstat', '-q', '-m', mod]).catch(() => null);
  return r !== null && r.code === 0;
}

function platformChecks(env: DoctorEnv): Check[] {
  const onFreebsd = env.platform === 'freebsd';
  const major = Number(/^v?(\d+)/.exec(env.nodeVersion)?.[1] ?? 0);
  return [
    onFreebsd
      ? { status: 'ok', what: 'FreeBSD', detail: `running on FreeBSD ${release()}`, required: true }
      : { status: 'FAIL', what: 'FreeBSD', detail: `this is ${env.platform}, not FreeBSD: the freebsd backend needs a FreeBSD 13+ host with netgraph (here use --backend sim, the emulated host)`, required: true },
    env.uid === 0
      ? { status: 'ok', what: 'root', detail: 'running as root', required: true }
      : { status: 'FAIL', what: 'root', detail: 'not root: ngctl, ifconfig and jail change the host only as root; run ngstudio as root (doas/sudo, or the rc.d service)', required: true },
    major >= 20
      ? { status: 'ok', what: 'Node.js', detail: `Node.js ${env.nodeVersion}`, required: true }
      : { status: 'FAIL', what: 'Node.js', detail: `Node.js ${env.nodeVersion} is too old: install Node.js 20 or later (pkg install node20)`, required: true },
  ];
}

function commandCheck(env: DoctorEnv): Check {
  const missing = NEEDED_COMMANDS.filter((c) => which(c, env) === null);
  const where = env.binDir !== undefined ? `in ${env.binDir}` : 'on PATH';
  if (missing.length === 0) return { status: 'ok', what: 'commands', detail: `${NEEDED_COMMANDS.join(', ')} found ${where}`, required: true };
  return { status: 'FAIL', what: 'commands', detail: `not found ${where}: ${missing.join(', ')} (they are part of FreeBSD's base system in /sbin and /usr/sbin)`, required: true };
}

/** netgraph and ng_ether: loaded, loadable (module file present), or missing. */
async function moduleChecks(env: DoctorEnv, canAsk: boolean): Promise<Check[]> {
  if (!canAsk) {
    return [
      { status: 'FAIL', what: 'netgraph', detail: 'not checked (no kldstat here): a FreeBSD kernel with netgraph is needed (kldload netgraph; ng_socket, ng_eiface, ng_bridge load on first use)', required: true },
      { status: 'warn', what: 'ng_ether', detail: 'not checked (no kldstat here): NICs get netgraph nodes only with ng_ether loaded (kldload ng_ether)', required: false },
    ];
  }
  const out: Check[] = [];
  if (await loaded(env, 'netgraph')) out.push({ status: 'ok', what: 'netgraph', detail: 'netgraph module loaded', required: true });
  else if (existsSync('/boot/kernel/netgraph.ko')) out.push({ status: 'warn', what: 'netgraph', detail: 'netgraph not loaded yet; it loads on first use (or: kldload netgraph)', required: true });
  else out.push({ status: 'FAIL', what: 'netgraph', detail: 'netgraph is neither loaded nor found in /boot/kernel: install a kernel with netgraph modules', required: true });
  if (await loaded(env, 'ng_ether')) out.push({ status: 'ok', what: 'ng_ether', detail: 'ng_ether loaded: NICs have netgraph nodes', required: false });
  else out.push({ status: 'warn', what: 'ng_ether', detail: 'ng_ether not loaded: NICs have no netgraph nodes; kldload ng_ether, and ng_ether_load="YES" in /boot/loader.conf to keep it', required: false });
  return out;
}

/** Every check, in the order printed. */
export async function runChecks(env: DoctorEnv): Promise<Check[]> {
  const cmds = commandCheck(env);
  const canAsk = which('kldstat', env) !== null;
  return [...platformChecks(env), cmds, ...(await moduleChecks(env, canAsk))];
}

/** One printed line: status padded to a column, what, detail. */
export function formatCheck(c: Check): string {
  return `${c.status.padEnd(5)} ${c.what}: ${c.detail}`;
}

/** This process as the doctor sees it. */
function doctorEnv(binDir: string | undefined): DoctorEnv {
  return {
    platform: process.platform,
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    nodeVersion: process.version,
    path: process.env.PATH ?? '',
    exec: createExec({ timeoutMs: 5_000, ...(binDir !== undefined ? { binDir } : {}) }),
    ...(binDir !== undefined ? { binDir } : {}),
  };
}

/** A --bundle path whose folder exists and is a folder (checked before anything runs). */
function bundlePath(file: string): string {
  const full = resolve(file);
  const dir = dirname(full);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`doctor: --bundle ${file}: the folder ${dir} does not exist`);
  if (existsSync(full) && statSync(full).isDirectory()) throw new UsageError(`doctor: --bundle ${file} is a folder; give a file name such as /tmp/ngstudio-selftest.tar.gz`);
  return full;
}

/** `doctor --selftest [--bundle FILE]`: the commands check, the self-test, then the bundle. */
async function selftest(binDir: string | undefined, bundle: string | undefined, io: CliIO): Promise<number> {
  const env = doctorEnv(binDir);
  const lines: string[] = [];
  const out = (l: string): void => {
    lines.push(l);
    io.out(l);
  };
  const records: CommandRecord[] = [];
  // What it cannot run without: the commands, and on FreeBSD's own commands, root.
  const root = platformChecks(env).filter((c) => c.what === 'root' && env.platform === 'freebsd' && binDir === undefined);
  const pre = [commandCheck(env), ...root];
  for (const c of pre) out(formatSelftestCheck({ status: c.status === 'ok' ? 'ok' : 'FAIL', what: c.what, detail: c.detail }));
  let ok = false;
  if (pre.every((c) => c.status === 'ok')) {
    const r = await runSelftest({ ...(binDir !== undefined ? { binDir } : {}), recorder: (x) => records.push(x), out });
    ok = r.ok;
  } else out(`selftest: not run: ${pre.filter((c) => c.status !== 'ok').map((c) => c.what).join(' and ')} missing`);
  if (bundle !== undefined) {
    const doctorLines = (await runChecks(env)).map(formatCheck);
    await writeBundle(bundle, { records, report: lines, doctor: doctorLines, versions: await collectVersions(createExec({ timeoutMs: 5_000 })), ngstudioVersion: version() });
    io.out(`doctor: support bundle with ${records.length} commands written to ${bundle}`);
  }
  return ok ? 0 : 1;
}

/** Runs `ngstudio doctor [--bin-dir DIR] [--selftest [--bundle FILE]]`. */
export async function doctor(argv: string[], io: CliIO): Promise<number> {
  const { values: v } = parse('doctor', argv, { 'bin-dir': { type: 'string' }, selftest: { type: 'boolean' }, bundle: { type: 'string' } });
  const binDir = v['bin-dir'] === undefined ? undefined : resolve(v['bin-dir']);
  if (v.bundle !== undefined && !v.selftest) throw new UsageError('doctor: --bundle needs --selftest (the bundle holds what the self-test ran)');
  if (v.selftest) return selftest(binDir, v.bundle === undefined ? undefined : bundlePath(v.bundle), io);
  const env = doctorEnv(binDir);
  const checks = await runChecks(env);
  for (const c of checks) io.out(formatCheck(c));
  const failed = checks.filter((c) => c.required && c.status === 'FAIL');
  io.out(failed.length === 0 ? 'doctor: this host can run the freebsd backend' : `doctor: ${failed.length} required check(s) failed: ${failed.map((c) => c.what).join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}
