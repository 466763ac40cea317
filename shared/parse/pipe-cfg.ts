// ng_pipe's `getcfg` answer (ng_parse ASCII of `struct ng_pipe_cfg`, with
// ng_pipe.h's field names) → the snapshot's PipeConfig. ng_unparse leaves out
// fields that are 0, and getcfg reports equal bandwidths once, at the top
// (then both directions' own bandwidth fields are 0): both are undone here.
import type { PipeConfig, PipeHookConfig } from '../model/snapshot.js';
import type { NgValue } from './ngctl-msg.js';

type Fields = { [field: string]: NgValue };

const isStruct = (v: NgValue | undefined): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field as a non-negative integer (absent = 0), or null when it is anything else. */
function count(o: Fields, k: string): number | null {
  const v = o[k];
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

const HOOK_FIELDS: [keyof PipeHookConfig, string][] = [
  ['bandwidth', 'bandwidth'], ['ber', 'BER'], ['qinSizeLimit', 'queuelen'], ['qoutSizeLimit', 'delaylen'], ['duplicate', 'duplicate'],
  ['fifo', 'fifo'], ['drr', 'drr'], ['wfq', 'wfq'], ['droptail', 'droptail'], ['drophead', 'drophead'],
];

function hook(v: NgValue | undefined, bandwidth: number): PipeHookConfig | null {
  const o: Fields = v === undefined ? {} : isStruct(v) ? v : { bad: 'x' };
  if (Object.keys(o).some((k) => !HOOK_FIELDS.some(([, name]) => name === k))) return null;
  const out: Partial<PipeHookConfig> = {};
  for (const [key, name] of HOOK_FIELDS) {
    const n = count(o, name);
    if (n === null) return null;
    out[key] = n;
  }
  if (bandwidth !== 0) out.bandwidth = bandwidth;
  return out as PipeHookConfig;
}

/** The configuration in a decoded getcfg answer, or null when it is not one. */
export function pipeConfigFromAscii(v: NgValue): PipeConfig | null {
  if (!isStruct(v)) return null;
  const top = ['bandwidth', 'delay', 'header_offset', 'overhead', 'downstream', 'upstream'];
  if (Object.keys(v).some((k) => !top.includes(k))) return null;
  const bandwidth = count(v, 'bandwidth');
  const delay = count(v, 'delay');
  const headerOffset = count(v, 'header_offset');
  const overhead = count(v, 'overhead');
  if (bandwidth === null || delay === null || headerOffset === null || overhead === null) return null;
  const downstream = hook(v['downstream'], bandwidth);
  const upstream = hook(v['upstream'], bandwidth);
  if (!downstream || !upstream) return null;
  return { delay, overhead, headerOffset, downstream, upstream };
}
