// Saved `ifconfig` output → design: epairs (both ends, paired by name, also
// jib's renamed `e0a_NAME`/`e0b_NAME`), if_bridges with their members, and —
// where the paste holds `jexec JAIL ifconfig` sections, as an admin gathers
// them — vnet jails with the interfaces they hold. ng_eiface interfaces are
// netgraph nodes: ifconfig cannot say how they are linked, so they are named
// in a warning (import `ngctl list -l` for them). Every warning names its line.
import type { Design, DesignEpair, DesignIfBridge, DesignJail } from '../design/types.js';
import { interfaceKindOf, parseIfconfig, type IfconfigInterface } from '../parse/ifconfig.js';
import { isPromptLine } from '../parse/result.js';
import { issueLine } from './netgraph.js';

interface Section {
  /** The jail a `jexec JAIL ifconfig` prompt names, or null for the host. */
  jail: string | null;
  /** First line of the section (1-based), for warnings. */
  line: number;
  interfaces: IfconfigInterface[];
}

/**
 * Splits at prompt lines; a prompt `jexec NAME ifconfig …` starts a section of
 * that jail, and so does Bastille's `[NAME]:` line (`bastille cmd NAME ifconfig`).
 */
function sections(text: string): { sections: Section[]; problems: string[]; warnings: string[] } {
  const lines = text.split(/\r?\n/);
  const cuts: { at: number; jail: string | null }[] = [{ at: 0, jail: null }];
  lines.forEach((l, i) => {
    const bastille = /^\[([^\]\s]+)\]:\s*$/.exec(l);
    if (bastille) return void cuts.push({ at: i, jail: bastille[1]! });
    if (!isPromptLine(l)) return;
    const m = /\bjexec\s+(?:-\S+\s+)*(\S+)\s+ifconfig\b/.exec(l);
    cuts.push({ at: i, jail: m ? m[1]! : null });
  });
  const out: Section[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  cuts.forEach((c, k) => {
    const end = cuts[k + 1]?.at ?? lines.length;
    // Blank out what is outside the section, so the parser's line numbers are the paste's.
    const head = k > 0 ? 1 : 0;
    const body = lines.map((l, i) => (i >= c.at + head && i < end ? l : '')).join('\n');
    if (body.trim() === '') return;
    const r = parseIfconfig(body);
    if (!r.ok) problems.push(...r.errors.map(issueLine));
    else {
      warnings.push(...r.warnings.map(issueLine).filter((w) => !/skipped a shell prompt line/.test(w)));
      out.push({ jail: c.jail, line: c.at + 1, interfaces: r.value });
    }
  });
  return { sections: out, problems, warnings };
}

/** The other end's name of an epair end (`epair3a` ↔ `epair3b`, `e0a_db` ↔ `e0b_db`), or null when it does not look like one. */
export function otherEnd(name: string): string | null {
  const m = /^(.*\d)([ab])((?:_.*)?)$/.exec(name);
  return m ? `${m[1]}${m[2] === 'a' ? 'b' : 'a'}${m[3]}` : null;
}

/** `ifconfig` output (host, and `jexec JAIL ifconfig` sections) → design. */
export function importIfconfig(text: string): { design: Design; warnings: string[] } | { problems: string[] } {
  const s = sections(text);
  if (s.problems.length > 0) return { problems: s.problems };
  const warnings = [...s.warnings];
  const all = s.sections.flatMap((sec) => sec.interfaces.map((i) => ({ i, jail: sec.jail, line: sec.line })));
  const byName = new Map(all.map((x) => [x.i.name, x]));
  const epairs: DesignEpair[] = [];
  const seen = new Set<string>();
  const lonely: string[] = [];
  for (const x of all) {
    if (interfaceKindOf(x.i) !== 'epair' || seen.has(x.i.name)) continue;
    const peer = otherEnd(x.i.name);
    const y = peer === null ? undefined : byName.get(peer);
    if (!y) {
      lonely.push(x.i.name);
      continue;
    }
    const [a, b] = x.i.name < y.i.name ? [x, y] : [y, x];
    seen.add(a.i.name).add(b.i.name);
    const end = (e: typeof x): DesignEpair['a'] => ({ name: e.i.name, ...(e.i.ether ? { mac: e.i.ether } : {}), up: e.i.up });
    epairs.push({ a: end(a), b: end(b) });
  }
  if (lonely.length > 0) warnings.push(`epair ends ${lonely.join(', ')} have no other end in this text (in a vnet jail not pasted?): left out; paste 'jexec JAIL ifconfig' too`);
  const bridges: DesignIfBridge[] = all
    .filter((x) => x.jail === null && interfaceKindOf(x.i) === 'bridge')
    .map((x) => ({ name: x.i.name, members: x.i.members.filter((m) => byName.get(m)?.jail === null || !byName.has(m)), up: x.i.up }));
  const jails: DesignJail[] = [];
  for (const sec of s.sections.filter((x) => x.jail !== null)) {
    const held = sec.interfaces.filter((i) => interfaceKindOf(i) !== 'loopback').map((i) => i.name);
    jails.push({ name: sec.jail!, path: '/', vnet: true, interfaces: held });
    warnings.push(`line ${sec.line}: jail ${sec.jail} taken as a vnet jail holding ${held.join(', ') || 'no interface'}; ifconfig does not show its path, / assumed`);
  }
  const eifaces = all.filter((x) => interfaceKindOf(x.i) === 'eiface' || (x.i.groups.length === 0 && interfaceKindOf(x.i) === 'other' && x.i.ether !== null));
  if (eifaces.length > 0) warnings.push(`${eifaces.map((x) => x.i.name).join(', ')} look like netgraph (ng_eiface) interfaces: ifconfig does not show their nodes or links; import 'ngctl list -l' for them`);
  const design: Design = { format: 1, nodes: [], links: [], epairs, bridges, jails };
  return { design, warnings };
}
