// Saved `jls --libxo json` output → design jails. jls tells name, path,
// hostname and addresses; whether a jail is vnet only shows in parameter
// modes (`vnet=new`) — in default/-v output a jail without any address is
// taken as vnet (that is how VNET jails look there); either guess is warned.
import type { DesignJail } from '../design/types.js';
import { emptyDesign, type Design } from '../design/types.js';
import { checkJailName } from '../design/name-rules.js';
import { parseJlsJson, type JlsJail } from '../parse/jls.js';
import { issueLine } from './netgraph.js';

/** The JSON document in a pasted capture: from its first `{` line (prompt lines before it dropped) to its end. */
export function jsonPart(text: string): string {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trimStart().startsWith('{'));
  if (at < 0) return text;
  const rest = lines.slice(at);
  // Several captures in one paste: keep the first document only.
  const next = rest.findIndex((l, i) => i > 0 && /^\s*(?:[\w.-]+@[\w.-]+\S*\s*)?[$%#]\s/.test(l));
  return (next < 0 ? rest : rest.slice(0, next)).join('\n');
}

function toJail(r: JlsJail, warnings: string[]): DesignJail | null {
  const name = r.name ?? (r.jid !== undefined ? String(r.jid) : undefined);
  if (name === undefined) return (warnings.push('a jail without name or jid was skipped'), null);
  const bad = checkJailName(name);
  if (bad !== null) return (warnings.push(`jail ${JSON.stringify(name)} was skipped: ${bad}`), null);
  const ip4 = r.ip4 ?? [];
  const ip6 = r.ip6 ?? [];
  let vnet = r.vnet;
  if (vnet === undefined) {
    // Only a mode that prints addresses lets "no address" hint at a vnet jail.
    const shown = r.ip4 !== undefined || r.ip6 !== undefined;
    vnet = shown && ip4.length === 0 && ip6.length === 0;
    const why = !shown ? 'not vnet (this output shows neither vnet nor addresses)' : vnet ? 'vnet (it has no addresses)' : 'not vnet (it has addresses)';
    warnings.push(`jail ${name}: jls did not say whether it is a vnet jail; taken as ${why}`);
  }
  const j: DesignJail = { name, path: r.path ?? '/', vnet, interfaces: [] };
  if (r.hostname !== undefined && r.hostname !== '') j.hostname = r.hostname;
  if (!vnet && ip4.length > 0) j.ip4 = [...ip4];
  if (!vnet && ip6.length > 0) j.ip6 = [...ip6];
  if (r.path === undefined) warnings.push(`jail ${name}: jls did not show its path; / assumed`);
  return j;
}

/** `jls --libxo json` (any mode) → a design holding its jails (dying ones left out). */
export function importJls(text: string): { design: Design; warnings: string[] } | { problems: string[] } {
  const p = parseJlsJson(jsonPart(text));
  if (!p.ok) return { problems: p.errors.map(issueLine) };
  const warnings = p.warnings.map(issueLine);
  const d = emptyDesign();
  for (const r of p.value) {
    if (r.state === 'DYING') {
      warnings.push(`jail ${r.name ?? r.jid} is dying and was left out`);
      continue;
    }
    const j = toJail(r, warnings);
    if (j && !d.jails.some((x) => x.name === j.name)) d.jails.push(j);
  }
  d.jails.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { design: d, warnings };
}
