// Impaired links in the planner. Before planning, each design link with
// `impair` becomes an ng_pipe node between its two ends — a:hook ↔ pipe:upper,
// pipe:lower ↔ b:hook — so the rest of the planner creates, names, links and
// shuts pipes down like any other node. A pipe already spliced between the
// same two hooks (either way round, whatever its name) is that link's pipe; a
// new one is named after the link's `a` end. After the links are made, one
// `msg PIPE: setcfg { … }` sets what differs from what the pipe has: ng_pipe
// keeps a field when it is sent as 0, and sets it to 0 when sent as -1, so the
// message lists the changed fields only. A hook (re)connected in this plan
// starts from ng_pipe's defaults (its newhook clears the hook's settings), so
// the setcfg comes after every link of the phase.
import type { NgNode, PipeConfig, PipeHookConfig } from '../model/snapshot.js';
import { validateNodeName, NG_NAME_MAX } from '../model/names.js';
import type { Design, DesignLink, DesignNode } from '../design/types.js';
import { defaultHookConfig, impairSummary, pipeConfigOf, reversedConfig, sameConfig } from '../design/impair.js';
import { nodeAddr, ngctl } from './context.js';
import type { NgAnalysis } from './netgraph-analysis.js';
import { linkKey } from './netgraph-analysis.js';
import type { Change } from './types.js';

/** One impaired design link and the pipe that carries it. */
export interface PipePlan {
  link: DesignLink;
  /** Which pipe hook faces the link's `a` end (`lower` only for a pipe found spliced the other way round). */
  aHook: 'upper' | 'lower';
  /** The configuration wanted, in the pipe's own terms (downstream = frames entering at `upper`). */
  want: PipeConfig;
  /** The observed pipe, or null when the plan makes it. */
  observed: NgNode | null;
}

export interface Expanded {
  /** The design with every impaired link replaced by a pipe node and its two links. */
  design: Design;
  /** Pipe node key → its plan. */
  pipes: Map<string, PipePlan>;
}

/** FNV-1a, 32 bits: a short stable tag for names that had to be shortened. */
function hash32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The name of a new pipe for `link`: `pipe_<a node>_<a hook>`, or, when that
 * is too long, not a valid node name or taken, a shortened form with a hash of
 * the link's `a` end (always ≤ 31 characters, letters, digits, `_` and `-`).
 */
export function pipeName(link: DesignLink, taken: Set<string>): string {
  const plain = `pipe_${link.a.node}_${link.a.hook}`;
  if (validateNodeName(plain) === null && !taken.has(plain)) return plain;
  const tag = hash32(`${link.a.node}:${link.a.hook}`);
  const stem = plain.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, NG_NAME_MAX - tag.length - 1);
  for (let k = 1; ; k++) {
    const suffix = k === 1 ? tag : `${tag}${k}`;
    const name = `${stem.slice(0, NG_NAME_MAX - suffix.length - 1)}_${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** The observed pipe spliced between the two ends of `l`, and which of its hooks faces `a`. */
function splicedPipe(l: DesignLink, byKey: Map<string, NgNode>, byId: Map<string, NgNode>): { pipe: NgNode; aHook: 'upper' | 'lower' } | null {
  const a = byKey.get(l.a.node);
  const b = byKey.get(l.b.node);
  const ha = a?.hooks.find((h) => h.hook === l.a.hook);
  const p = ha && byId.get(ha.peerId);
  if (!a || !b || !ha || !p || p.type !== 'pipe' || (ha.peerHook !== 'upper' && ha.peerHook !== 'lower')) return null;
  const other = ha.peerHook === 'upper' ? 'lower' : 'upper';
  const hb = p.hooks.find((h) => h.hook === other);
  return hb && hb.peerId === b.id && hb.peerHook === l.b.hook ? { pipe: p, aHook: ha.peerHook } : null;
}

/** Replaces each impaired link of `design` by a pipe (an observed one where it is already spliced in). */
export function expandImpairs(nodes: NgNode[], design: Design): Expanded {
  const key = (n: NgNode): string => n.name ?? `[${n.id}]`;
  const byKey = new Map(nodes.map((n) => [key(n), n]));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const explicit = new Set(design.nodes.map((n) => n.name));
  const taken = new Set([...byKey.keys(), ...explicit]);
  const pipes = new Map<string, PipePlan>();
  const extraNodes: DesignNode[] = [];
  const links: DesignLink[] = [];
  for (const l of design.links) {
    if (!l.impair) {
      links.push(l);
      continue;
    }
    const found = splicedPipe(l, byKey, byId);
    const usable = found && !explicit.has(key(found.pipe)) && !pipes.has(key(found.pipe)) ? found : null;
    const name = usable ? key(usable.pipe) : pipeName(l, taken);
    taken.add(name);
    const aHook = usable?.aHook ?? 'upper';
    const bHook = aHook === 'upper' ? 'lower' : 'upper';
    const want = pipeConfigOf(l.impair);
    pipes.set(name, { link: l, aHook, want: aHook === 'upper' ? want : reversedConfig(want), observed: usable?.pipe ?? null });
    extraNodes.push({ name, type: 'pipe' });
    links.push({ a: l.a, b: { node: name, hook: aHook } }, { a: { node: name, hook: bHook }, b: l.b });
  }
  if (pipes.size === 0) return { design, pipes };
  return { design: { ...design, nodes: [...design.nodes, ...extraNodes], links }, pipes };
}

/** The text of one ng_parse number field: the value, or -1 (ng_pipe's "set to zero"). */
const setTo = (name: string, v: number): string => `${name}=${v === 0 ? -1 : v}`;

const HOOK_FIELDS: [keyof PipeHookConfig, string][] = [
  ['bandwidth', 'bandwidth'], ['ber', 'BER'], ['qinSizeLimit', 'queuelen'], ['qoutSizeLimit', 'delaylen'], ['duplicate', 'duplicate'],
];

/** The queue discipline and drop policy words of a hook config (exactly one of each is on). */
const modeOf = (h: PipeHookConfig): [string, string] => [h.wfq ? 'wfq=1' : h.drr ? `drr=${h.drr}` : 'fifo=1', h.drophead ? 'drophead=1' : 'droptail=1'];

/** The words of one direction's struct (`downstream={ … }`), or none when nothing differs. */
function hookWords(dir: string, want: PipeHookConfig, have: PipeHookConfig | null): string[] {
  const w: string[] = [];
  for (const [k, name] of HOOK_FIELDS) if (have === null || have[k] !== want[k]) w.push(setTo(name, want[k]));
  // A design always asks for one FIFO queue that drops its tail (ng_pipe's defaults); a drill may put back another.
  const [mode, drop] = modeOf(want);
  const [hmode, hdrop] = have === null ? ['', ''] : modeOf(have);
  if (have === null || hmode !== mode || have.fifo + have.wfq + (have.drr ? 1 : 0) !== 1) w.push(mode);
  if (have === null || hdrop !== drop || have.droptail + have.drophead !== 1) w.push(drop);
  return w.length === 0 ? [] : [`${dir}={`, ...w, '}'];
}

/** The setcfg argument words that turn `have` (null: unknown) into `want`, or null when they are equal. */
export function setcfgWords(want: PipeConfig, have: PipeConfig | null): string[] | null {
  if (have !== null && sameConfig(want, have)) return null;
  const w: string[] = [];
  if (have === null || have.delay !== want.delay) w.push(setTo('delay', want.delay));
  if (have === null || have.headerOffset !== want.headerOffset) w.push(setTo('header_offset', want.headerOffset));
  if (have === null || have.overhead !== want.overhead) w.push(setTo('overhead', want.overhead));
  w.push(...hookWords('downstream', want.downstream, have?.downstream ?? null));
  w.push(...hookWords('upstream', want.upstream, have?.upstream ?? null));
  return ['{', ...w, '}'];
}

/** What the pipe will hold when its setcfg runs: a new pipe's defaults, or the observed one with re-made hooks reset. */
function haveAtSetcfg(p: PipePlan, name: string, an: NgAnalysis, created: boolean): PipeConfig | null {
  /** The pipe's hook `h` is linked anew by this plan (its end of the design link is not linked to it now). */
  const fresh = (h: 'upper' | 'lower'): boolean => {
    const end = h === p.aHook ? p.link.a : p.link.b;
    return !an.present.has(linkKey(end.node, end.hook, name, h));
  };
  if (created || !p.observed) return { delay: 0, overhead: 0, headerOffset: 0, downstream: defaultHookConfig(), upstream: defaultHookConfig() };
  const seen = p.observed.pipe;
  if (!seen) return null;
  return {
    ...seen,
    downstream: fresh('upper') ? defaultHookConfig() : seen.downstream,
    upstream: fresh('lower') ? defaultHookConfig() : seen.upstream,
  };
}

/** The setcfg steps of the build phase (after every link is made). */
export function planPipeConfigs(an: NgAnalysis, pipes: Map<string, PipePlan>): Change[] {
  const out: Change[] = [];
  const created = new Set(an.create.map((d) => d.name));
  for (const [name, p] of [...pipes].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (an.missing.has(p.link.a.node) || an.missing.has(p.link.b.node) || an.missing.has(name)) continue;
    const words = setcfgWords(p.want, haveAtSetcfg(p, name, an, created.has(name)));
    if (words === null) continue;
    const addr = p.observed && !created.has(name) ? nodeAddr(p.observed) : `${name}:`;
    const { a, b } = p.link;
    out.push({
      type: 'pipe-config', impact: 'update', phase: 'build-netgraph',
      object: { kind: 'link', name: linkKey(a.node, a.hook, b.node, b.hook) },
      node: name, link: `${a.node}:${a.hook} ↔ ${b.node}:${b.hook}`, summary: impairSummary(p.link.impair ?? {}, a.node, b.node),
      commands: [ngctl('msg', addr, 'setcfg', ...words)],
    });
  }
  return out;
}
