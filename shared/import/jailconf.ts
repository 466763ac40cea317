// A jail.conf file → design jails: name, path, host.hostname, vnet with its
// vnet.interface list, addresses; every other parameter (the exec.* hooks
// included) is kept in `params`, so adopting a jail.conf loses nothing the
// design can say. `.include` cannot be followed from pasted text (warned).
import type { DesignJail } from '../design/types.js';
import { emptyDesign, type Design } from '../design/types.js';
import { checkJailName } from '../design/name-rules.js';
import { jailParams, parseJailConf } from '../parse/jailconf.js';
import { issueLine } from './netgraph.js';

type Value = string | string[] | boolean;

/** Fields of DesignJail that have their own place; `persist` is implied (a design jail persists). */
const OWN = new Set(['name', 'path', 'host.hostname', 'vnet', 'vnet.interface', 'ip4.addr', 'ip6.addr', 'persist']);

const list = (v: Value | undefined): string[] =>
  v === undefined || typeof v === 'boolean' ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

/** A parameter value as one jail(8) command-line value: several exec.* commands run in order, stopping at a failure. */
function paramValue(k: string, v: Value): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Array.isArray(v)) return v;
  return k.startsWith('exec.') ? v.join(' && ') : v.join(',');
}

function toJail(name: string, p: Record<string, Value>, warnings: string[]): DesignJail {
  const path = typeof p.path === 'string' ? p.path : '/';
  if (typeof p.path !== 'string') warnings.push(`jail ${name}: no path in the file; / assumed`);
  const vnet = p.vnet === true || p.vnet === 'new';
  const j: DesignJail = { name, path, vnet, interfaces: vnet ? list(p['vnet.interface']) : [] };
  if (typeof p['host.hostname'] === 'string') j.hostname = p['host.hostname'];
  if (!vnet && list(p['ip4.addr']).length > 0) j.ip4 = list(p['ip4.addr']);
  if (!vnet && list(p['ip6.addr']).length > 0) j.ip6 = list(p['ip6.addr']);
  if (p.persist === false) warnings.push(`jail ${name}: nopersist is dropped (a design jail persists)`);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (!OWN.has(k)) params[k] = paramValue(k, v);
  if (Object.keys(params).length > 0) j.params = params;
  return j;
}

/** jail.conf text → a design holding its jails. */
export function importJailConf(text: string): { design: Design; warnings: string[] } | { problems: string[] } {
  const p = parseJailConf(text);
  if (!p.ok) return { problems: p.errors.map(issueLine) };
  const warnings = p.warnings.map(issueLine);
  const d = emptyDesign();
  for (const cj of p.value.jails) {
    const bad = checkJailName(cj.name);
    if (bad !== null) {
      warnings.push(`jail ${JSON.stringify(cj.name)} was skipped: ${bad}`);
      continue;
    }
    if (d.jails.some((x) => x.name === cj.name)) continue;
    d.jails.push(toJail(cj.name, jailParams(cj), warnings));
  }
  return { design: d, warnings };
}
