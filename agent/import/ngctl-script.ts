// Imports an ngctl script by running it: on a scratch emulated host (in
// memory, nothing real is touched) with the NICs the script addresses, the
// script goes through the emulated `ngctl -f -`, and what it built is
// observed and turned into a design like a live host. Only a netgraph knows
// what a script builds (auto-named eifaces, relative hook paths).
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { parseScript } from '../../shared/ngctl/script.js';
import { scriptWords } from '../../shared/import/detect.js';
import type { ScriptRunner } from '../../shared/import/index.js';
import { runCommand } from '../host/sim/cmd/index.js';
import { newState } from '../host/sim/new-state.js';
import { simSnapshot } from '../host/sim/snapshot.js';

/** Names the script addresses as `NAME:` that look like NICs (em0, igb1, vtnet0 …) and does not give itself: the scratch host gets them. */
export function nicsOf(script: string): string[] {
  const nics = new Set<string>();
  const lines = parseScript(script);
  const named = new Set(lines.filter((l) => l.argv[0]?.toLowerCase() === 'name' && l.argv.length === 3).map((l) => l.argv[2]!));
  for (const l of lines) {
    for (const w of l.argv) {
      const m = /^([a-z]+[0-9]+(?:_[0-9]+)?):/.exec(w);
      if (m && !named.has(m[1]!) && !/^ng(eth|ctl)[0-9]+$/.test(m[1]!) && !/^(bridge|epair|lo)[0-9]+/.test(m[1]!)) nics.add(m[1]!);
    }
  }
  return [...nics].sort();
}

/** Accepts script lines written for sh too (`ngctl mkpeer …`), as jng-style command lists are. */
export function normalizeScript(text: string): string {
  return text.split(/\r?\n/).map((l) => (l.startsWith('#') ? l : scriptWords(l).join(' '))).join('\n');
}

/**
 * True when every command line starts with `ngctl`: a list of separate ngctl
 * runs (as in share/examples/netgraph), each with its own socket node whose
 * hooks vanish when it exits — not one `ngctl -f` session.
 */
export function isCommandList(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  return lines.length > 0 && lines.every((l) => /^\s*ngctl\s/.test(l));
}

/** Plays the script: one `ngctl -f -` session, or one ngctl run per line for a command list. */
async function play(state: ReturnType<typeof newState>, text: string, script: string): Promise<string | null> {
  if (!isCommandList(text)) {
    const r = await runCommand(state, ['ngctl', '-f', '-'], { env: {}, readStdin: async () => script });
    return r.code === 0 ? null : r.stderr.trim().split('\n').join('; ');
  }
  for (const [i, l] of parseScript(script).entries()) {
    const r = await runCommand(state, ['ngctl', ...l.argv], { env: {} });
    if (r.code !== 0) return `command ${i + 1} (ngctl ${l.argv.join(' ')}): ${r.stderr.trim().split('\n').join('; ')}`;
  }
  return null;
}

/** Runs an ngctl script on a scratch emulated host and returns what it built. */
export const runNgctlScript: ScriptRunner = async (text) => {
  const script = `${normalizeScript(text)}\n`;
  const nics = nicsOf(script);
  const macs = nics.map((name, i) => ({ name, mac: `02:00:00:00:00:${(i + 1).toString(16).padStart(2, '0')}` }));
  const state = newState({ nics: macs });
  const warnings: string[] = [];
  if (nics.length > 0) {
    const k = await runCommand(state, ['kldload', 'ng_ether'], { env: {} });
    if (k.code !== 0) return { problems: [`scratch host: kldload ng_ether failed: ${k.stderr.trim()}`] };
    warnings.push(`the script addresses ${nics.join(', ')}: taken as NICs with ng_ether loaded`);
  }
  const failure = await play(state, text, script);
  if (failure !== null) return { problems: [`the script fails on an empty netgraph: ${failure}`] };
  const d = designFromSnapshot(simSnapshot(state));
  // The scratch host's interface names and MACs are not part of what the script says (importText guesses the names).
  for (const n of d.nodes) if (n.type === 'eiface') (delete n.ifname, delete n.mac, delete n.up);
  return { design: { ...d, epairs: [], bridges: [] }, warnings };
};
