// The support bundle of `ngstudio doctor --selftest --bundle FILE`: the
// self-test's report, the versions of what it ran on, doctor's own checks,
// and every command the backend ran with its raw stdout, stderr and exit
// status. Each command's stdout is a file whose first line is a `# source:`
// line naming where it came from, so it drops into test/fixtures as it is.
// No environment, no tokens: only what the commands printed.
import { hostname, release, type } from 'node:os';
import { writeFile } from 'node:fs/promises';
import type { CommandRecord, Exec } from '../host/freebsd/exec.js';
import { tarGz, type TarEntry } from './tar.js';

/** The folder every entry sits in, so `tar -xzf` makes one folder. */
export const BUNDLE_DIR = 'ngstudio-selftest';

/** One version command's answer (run from PATH on the machine itself). */
export interface VersionAnswer {
  argv: string[];
  /** What it printed (stdout then stderr), or why it did not run. */
  text: string;
  code: number | null;
}

export interface BundleInput {
  records: CommandRecord[];
  /** Every line the self-test printed. */
  report: string[];
  /** doctor's usual checks, one line each. */
  doctor: string[];
  versions: VersionAnswer[];
  ngstudioVersion: string;
  /** When the bundle was made (the `# source:` lines carry it). */
  date?: Date;
  host?: string;
}

/** The commands whose answers describe the machine (not run through the backend, not recorded as fixtures). */
export const VERSION_COMMANDS: string[][] = [['freebsd-version', '-ku'], ['uname', '-a'], ['sysctl', '-n', 'kern.osrelease']];

/** Runs the version commands; one that is missing (off FreeBSD: freebsd-version) says so instead. */
export async function collectVersions(exec: Exec): Promise<VersionAnswer[]> {
  const out: VersionAnswer[] = [];
  for (const argv of VERSION_COMMANDS) {
    try {
      const r = await exec.run(argv);
      out.push({ argv, text: r.stdout + r.stderr, code: r.code });
    } catch (e) {
      out.push({ argv, text: `${(e as { shortMessage?: string }).shortMessage ?? String(e)}\n`, code: null });
    }
  }
  return out;
}

/** A word of a command shown for people (quoted only when it needs it). */
const shown = (argv: string[]): string => argv.map((w) => (/^[\w@%+=:,./[\]-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');

/**
 * A short file name for a command: the words after any `jexec JAIL`, without
 * ngctl's per-run socket name (`-n NAME`), as [A-Za-z0-9-] (`ngctl -n x list -l` → `ngctl-list-l`).
 */
export function commandSlug(argv: string[]): string {
  let w = [...argv];
  while (w[0] === 'jexec' && w.length > 2) w = w.slice(2);
  if (w[0]?.endsWith('ngctl')) {
    const n = w.indexOf('-n');
    if (n > 0) w.splice(n, 2);
  }
  const slug = w.map((x) => x.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '')).filter((x) => x !== '').join('-');
  return (slug.slice(0, 48).replace(/-+$/, '') || 'command');
}

const nl = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** The bundle's files. */
export function bundleEntries(i: BundleInput): TarEntry[] {
  const date = (i.date ?? new Date()).toISOString();
  const host = `${i.host ?? hostname()} (${type()} ${release()})`;
  const source = (r: CommandRecord, what: string): string =>
    `# source: ngstudio doctor --selftest bundle, ${host}, ${date}: ${what} of \`${shown(r.argv)}\` (exit ${r.code ?? `none: ${r.reason ?? 'did not run'}`})\n`;
  const files: TarEntry[] = [];
  const index: string[] = [];
  i.records.forEach((r, k) => {
    const base = `commands/cmd-${String(k + 1).padStart(3, '0')}-${commandSlug(r.argv)}`;
    index.push(`${base}.txt\texit ${r.code ?? '-'}\t${r.ms} ms\t${r.startedAt}\t${shown(r.argv)}`);
    files.push({ name: `${base}.txt`, data: source(r, 'stdout') + r.stdout });
    if (r.stderr !== '') files.push({ name: `${base}.stderr.txt`, data: source(r, 'stderr') + r.stderr });
    if (r.stdin !== undefined) files.push({ name: `${base}.stdin.txt`, data: source(r, 'stdin') + r.stdin });
  });
  const versions = [
    `ngstudio ${i.ngstudioVersion}`,
    `node ${process.version} (${process.platform} ${process.arch})`,
    `os ${type()} ${release()}`,
    '',
    ...i.versions.map((v) => `$ ${shown(v.argv)}\n${nl(v.text)}(exit ${v.code ?? 'none'})\n`),
  ].join('\n');
  const readme = [
    `ngstudio doctor --selftest support bundle, ${host}, ${date}.`,
    '',
    'report.txt      what the self-test printed, one line per check',
    'versions.txt    ngstudio, Node.js, the OS (freebsd-version -ku, uname -a, sysctl kern.osrelease)',
    "doctor.txt      doctor's own checks",
    'commands/       every command the self-test ran, in order (index.txt):',
    '                cmd-NNN-WORDS.txt is its stdout, .stderr.txt / .stdin.txt when it had them;',
    '                the first line is a `# source:` line, the rest is exactly what it printed,',
    '                so a file can be copied into test/fixtures as it is.',
    '',
  ].join('\n');
  return [
    { name: `${BUNDLE_DIR}/README.txt`, data: readme },
    { name: `${BUNDLE_DIR}/report.txt`, data: i.report.map((l) => `${l}\n`).join('') },
    { name: `${BUNDLE_DIR}/versions.txt`, data: versions },
    { name: `${BUNDLE_DIR}/doctor.txt`, data: i.doctor.map((l) => `${l}\n`).join('') },
    { name: `${BUNDLE_DIR}/commands/index.txt`, data: index.map((l) => `${l}\n`).join('') },
    ...files.map((f) => ({ ...f, name: `${BUNDLE_DIR}/${f.name}` })),
  ];
}

/** Writes the bundle as a .tar.gz (readable by its owner only: it describes the host). */
export async function writeBundle(file: string, i: BundleInput): Promise<void> {
  await writeFile(file, tarGz(bundleEntries(i), i.date), { mode: 0o600 });
}
