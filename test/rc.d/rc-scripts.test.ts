// The rc.d scripts: valid sh (sh -n, dash is fine), rcorder(8) headers that
// are well formed, and an order that puts ngstudio_boot after the network,
// the kernel modules and the shared-library cache and before jail(8) — checked
// with a small rcorder over these scripts and the headers of FreeBSD's own.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RC_D = join(ROOT, 'rc.d');
const scripts = readdirSync(RC_D).sort();

function sh(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', args, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

interface Header { file: string; provide: string[]; require: string[]; before: string[]; keyword: string[]; lines: string[] }

/** The rcorder header: the `# PROVIDE:`/`REQUIRE:`/`BEFORE:`/`KEYWORD:` lines of the leading comment block (each may repeat). */
function header(file: string, text: string): Header {
  const h: Header = { file, provide: [], require: [], before: [], keyword: [], lines: [] };
  for (const line of text.split('\n')) {
    if (line.startsWith('#!') || line.trim() === '') continue;
    if (!line.startsWith('#')) break;
    const m = /^# (PROVIDE|REQUIRE|BEFORE|KEYWORD):(.*)$/.exec(line);
    if (!m) continue;
    h.lines.push(line);
    h[m[1]!.toLowerCase() as 'provide' | 'require' | 'before' | 'keyword'].push(...m[2]!.trim().split(/\s+/).filter(Boolean));
  }
  return h;
}

/** FreeBSD's headers (test/fixtures), one block per `### name commit`. */
function freebsdHeaders(): Header[] {
  const text = readFileSync(join(ROOT, 'test/fixtures/freebsd-rc.d-headers.txt'), 'utf8');
  return text.split(/^### /m).slice(1).map((block) => header(block.split(' ')[0]!, block.slice(block.indexOf('\n') + 1)));
}

/**
 * rcorder(8)'s order: REQUIRE x runs after every provider of x, BEFORE y
 * before every provider of y; a name nobody provides is skipped (rcorder
 * only warns). Throws on a cycle.
 */
function rcorder(all: Header[]): string[] {
  const providers = (n: string): Header[] => all.filter((h) => h.provide.includes(n));
  const after = new Map<string, Set<string>>(all.map((h) => [h.file, new Set<string>()]));
  for (const h of all) {
    for (const r of h.require) for (const p of providers(r)) if (p !== h) after.get(h.file)!.add(p.file);
    for (const b of h.before) for (const p of providers(b)) if (p !== h) after.get(p.file)!.add(h.file);
  }
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'visiting') throw new Error(`rcorder: circular dependency: ${[...path, f].join(' -> ')}`);
    state.set(f, 'visiting');
    for (const d of [...after.get(f)!].sort()) visit(d, [...path, f]);
    state.set(f, 'done');
    out.push(f);
  };
  for (const h of all) visit(h.file, []);
  return out;
}

describe('rc.d scripts', () => {
  it.each(scripts)('%s is valid sh (sh -n)', async (file) => {
    expect(await sh(['-n', join(RC_D, file)])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('have well-formed rcorder headers: one PROVIDE naming the file, known keywords', () => {
    for (const file of scripts) {
      const h = header(file, readFileSync(join(RC_D, file), 'utf8'));
      expect(h.provide, file).toEqual([file]);
      for (const line of h.lines) expect(line, file).toMatch(/^# (PROVIDE|REQUIRE|BEFORE|KEYWORD): [A-Za-z0-9_]+( [A-Za-z0-9_]+)*$/);
      for (const k of h.keyword) expect(['nojail', 'nojailvnet', 'shutdown', 'firstboot', 'nostart', 'resume', 'suspend'], file).toContain(k);
    }
  });

  it('one of them runs BEFORE jail and is enabled by ngstudio_boot_enable (default NO); it runs ngstudio boot and stop does nothing', () => {
    const boot = scripts.filter((f) => {
      const text = readFileSync(join(RC_D, f), 'utf8');
      return header(f, text).before.includes('jail') && /^rcvar=ngstudio_boot_enable$/m.test(text);
    });
    expect(boot).toEqual(['ngstudio_boot']);
    const text = readFileSync(join(RC_D, 'ngstudio_boot'), 'utf8');
    expect(header('ngstudio_boot', text).keyword).toEqual(['nojail']);
    for (const re of [
      /^\. \/etc\/rc\.subr$/m,
      /^name=ngstudio_boot$/m,
      /^load_rc_config \$name$/m,
      /^: \$\{ngstudio_boot_enable:="NO"\}$/m,
      /^: \$\{ngstudio_boot_flags:=""\}$/m,
      /^: \$\{ngstudio_data_dir:="\/var\/db\/ngstudio"\}$/m,
      /^start_cmd="\$\{name\}_start"$/m,
      /^stop_cmd=":"$/m,
      /^\t"\$\{_node\}" "\$\{ngstudio_script\}" boot --backend freebsd \\\n\t    --data-dir "\$\{ngstudio_data_dir\}" \$\{rc_flags\}$/m,
    ]) expect(text).toMatch(re);
    expect(text.indexOf('load_rc_config')).toBeLessThan(text.indexOf(': ${ngstudio_boot_enable'));
    expect(text.trimEnd().endsWith('run_rc_command "$1"')).toBe(true);
  });

  it('in rcorder order, ngstudio_boot comes after the network, kld and ldconfig, and before jail and the agent', () => {
    const ours = scripts.map((f) => header(f, readFileSync(join(RC_D, f), 'utf8')));
    const order = rcorder([...freebsdHeaders(), ...ours]);
    const at = (f: string): number => {
      expect(order, f).toContain(f);
      return order.indexOf(f);
    };
    for (const earlier of ['netif', 'NETWORKING', 'kld', 'ldconfig']) expect(at(earlier), earlier).toBeLessThan(at('ngstudio_boot'));
    for (const later of ['jail', 'ngstudio']) expect(at(later), later).toBeGreaterThan(at('ngstudio_boot'));
  });

  it('the small rcorder finds cycles and orders BEFORE as rcorder does', () => {
    const h = (file: string, more: Partial<Header>): Header => ({ file, provide: [file], require: [], before: [], keyword: [], lines: [], ...more });
    expect(rcorder([h('b', { require: ['a'] }), h('a', {}), h('c', { before: ['a'] })])).toEqual(['c', 'a', 'b']);
    expect(() => rcorder([h('a', { require: ['b'] }), h('b', { before: ['a'] }), h('x', {}), h('y', { require: ['a'], before: ['b'] })])).toThrow(/circular/);
  });
});
