// Pure readers of command output the shared parsers do not cover: kldstat's
// file table, a batch of `msg [id]: getifname` answers, and the version
// facts a snapshot records (list -l layout, jls JSON version, hook rules).
import type { HostFacts } from '../../../shared/model/snapshot.js';
import { parseNgAscii } from '../../../shared/parse/ngctl-msg.js';
import type { Parsed } from '../../../shared/parse/result.js';

/** The first problem of a failed parse as one line naming the command (observe errors must say what broke). */
export function parseProblem<T>(what: string, p: Parsed<T>): string | null {
  if (p.ok) return null;
  const e = p.errors[0];
  return e ? `${what}: line ${e.line}: ${e.message}${e.text ? ` ('${e.text}')` : ''}` : `${what}: unreadable output`;
}

const KLD_HEADER = /^Id\s+Refs\s+Address\s+Size\s+Name$/;
const KLD_ROW = /^\s*(\d+)\s+(\d+)\s+0x[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+(\S+)/;

/**
 * Loaded files from `kldstat` (sbin/kldstat "%2d %4d %*p %8zx %s"), named
 * without `.ko` (`netgraph.ko` → `netgraph`, `kernel` stays), in listing order.
 */
export function parseKldstat(text: string): { ok: true; modules: string[] } | { ok: false; error: string } {
  if (typeof text !== 'string') return { ok: false, error: 'kldstat: expected text' };
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  if (lines.length === 0 || !KLD_HEADER.test(lines[0]!.trim())) {
    return { ok: false, error: `kldstat: line 1: expected the header 'Id Refs Address Size Name'` };
  }
  const modules: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s/.test(line) && !KLD_ROW.test(line)) continue; // -v detail lines
    const m = KLD_ROW.exec(line);
    if (!m) return { ok: false, error: `kldstat: line ${i + 1}: expected 'ID REFS ADDRESS SIZE NAME' ('${line.slice(0, 80)}')` };
    modules.push(m[3]!.replace(/\.ko$/, ''));
  }
  return { ok: true, modules };
}

const GETIFNAME = /^Rec'd response "getifname" \(\d+\) from "\[([0-9a-fA-F]+)\]:":\nArgs:\s+(.*)$/gm;

/**
 * Node ID → interface name from the stdout of an `ngctl -f -` batch of
 * `msg [id]: getifname` lines. ngctl prints each answer with the node's ID
 * address as sender, so answers are matched by ID, not by position.
 */
export function parseGetifnames(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stdout.matchAll(GETIFNAME)) {
    const v = parseNgAscii(m[2]!);
    if (v.ok && typeof v.value === 'string') out.set(m[1]!.toLowerCase().replace(/^0+(?=.)/, ''), v.value);
  }
  return out;
}

/**
 * How `ngctl list -l` separates its show blocks: 12.x back to back, 13+ with a
 * blank line between them (facts §1.4). Needs two blocks; our own socket node
 * is always one of them, so any other node decides it.
 */
export function listLayoutOf(stdout: string): HostFacts['listLayout'] {
  const lines = stdout.split('\n');
  const names = lines.map((l, i) => (/^\s+Name: /.test(l) ? i : -1)).filter((i) => i >= 0);
  if (names.length < 2) return 'unknown';
  return lines[names[1]! - 1]!.trim() === '' ? 'blank-lines' : 'back-to-back';
}

/** The `__version` of a jls libxo JSON document ("1" older, "2" current), or null. */
export function jlsVersionOf(stdout: string): string | null {
  try {
    const v = (JSON.parse(stdout) as { __version?: unknown }).__version;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * ng_bridge's hook-name rule: 12.x accepts only link0..link31; 13+ any linkN
 * and uplinkN (facts §3.2; 12.3/12.4 UNCONFIRMED, so 12.x is taken as the
 * old rule). Without a release, the list -l layout tells 12.x from 13+.
 */
export function bridgeHooksOf(release: string, layout: HostFacts['listLayout']): HostFacts['bridgeHooks'] {
  const major = /^(\d+)\./.exec(release);
  if (major) return Number(major[1]) <= 12 ? 'link0-31' : 'linkN-uplinkN';
  return layout === 'back-to-back' ? 'link0-31' : 'linkN-uplinkN';
}
