// importText: pasted or saved text → a design, in whichever format it is
// (detected from the content unless given). The result always passed
// parseDesign, so an import can be planned and applied like a drawn design.
// An ngctl script is run, not parsed: only a netgraph knows what a script
// builds (auto-names, relative paths), so the agent passes a runner that
// plays it on a scratch emulated host; shared/ itself runs nothing.
import type { Design } from '../design/types.js';
import { parseDesign } from '../design/parse.js';
import { isIdKey } from '../design/name-rules.js';
import { detectFormat } from './detect.js';
import { importDot, importListL, importShow } from './netgraph.js';
import { importJls, jsonPart } from './jls.js';
import { importJailConf } from './jailconf.js';
import { importIfconfig } from './ifconfig.js';
import type { ImportFormat, ImportResult } from './result.js';
import { FORMAT_NAMES, failed, isImportFormat } from './result.js';

export * from './result.js';
export { detectFormat } from './detect.js';

/** Plays an ngctl script on a scratch host and returns what it built. */
export type ScriptRunner = (script: string) => Promise<{ design: Design; warnings: string[] } | { problems: string[] }>;

type Out = { design: Design; warnings: string[] } | { problems: string[] };

function importDesignJson(text: string): Out {
  return { design: JSON.parse(jsonPart(text)) as Design, warnings: [] };
}

async function read(format: ImportFormat, text: string, run?: ScriptRunner): Promise<Out> {
  switch (format) {
    case 'json':
      try {
        return importDesignJson(text);
      } catch (e) {
        return { problems: [`the design is not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
      }
    case 'ngctl':
      return run ? run(text) : { problems: ['ngctl scripts are imported by the agent (they are run on a scratch emulated host)'] };
    case 'ngctl-list':
      return importListL(text);
    case 'ngctl-show':
      return importShow(text);
    case 'ngctl-dot':
      return importDot(text);
    case 'jls-json':
      return importJls(text);
    case 'jail.conf':
      return importJailConf(text);
    case 'ifconfig':
      return importIfconfig(text);
  }
}

/**
 * ngctl output does not show an eiface's interface name. A fresh eiface node
 * is named after its interface (ngethN) and jng names both alike, so the node
 * name is the best guess (cut to the 15 characters an interface name allows).
 */
function withIfnames(d: Design, warnings: string[]): Design {
  const guessed: string[] = [];
  const nodes = d.nodes.map((n) => {
    if (n.type !== 'eiface' || n.ifname !== undefined || isIdKey(n.name)) return n;
    guessed.push(n.name);
    return { ...n, ifname: n.name.slice(0, 15) };
  });
  if (guessed.length > 0) warnings.push(`interface names of eiface nodes are not in this text; taken to be the node names (${guessed.join(', ')})`);
  return { ...d, nodes };
}

/** Imports `text` as `format` (or the detected one); never throws. */
export async function importText(text: unknown, format?: unknown, run?: ScriptRunner): Promise<ImportResult> {
  if (typeof text !== 'string') return failed(null, [`expected text to import, got ${text === null ? 'null' : typeof text}`]);
  if (format !== undefined && !isImportFormat(format)) {
    return failed(null, [`unknown import format ${JSON.stringify(format)}; known: ${Object.keys(FORMAT_NAMES).join(', ')}`]);
  }
  let f: ImportFormat;
  if (format !== undefined) f = format;
  else {
    const d = detectFormat(text);
    if ('error' in d) return failed(null, [d.error]);
    f = d.format;
  }
  let out: Out;
  try {
    out = await read(f, text, run);
  } catch (e) {
    out = { problems: [`internal error while importing ${FORMAT_NAMES[f]}: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if ('problems' in out) return failed(f, out.problems.map((p) => `${FORMAT_NAMES[f]}: ${p}`));
  const v = parseDesign(withIfnames(out.design, out.warnings));
  if (!v.ok) return failed(f, v.problems.filter((p) => p.severity === 'error').map((p) => `the imported design is not valid: ${p.message}`));
  return { ok: true, format: f, design: v.design, warnings: [...out.warnings, ...v.warnings.map((p) => p.message)] };
}
