// The `export` and `import` request handlers: a design (or the observed host)
// out as script/config/graph text, pasted text in as a design. Bad input is a
// `bad-params` error with the problems as details, never a crash.
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { parseDesign } from '../../shared/design/parse.js';
import { designFromSnapshot } from '../../shared/design/from-snapshot.js';
import { exportDesign } from '../../shared/export/index.js';
import type { AgentMethods } from '../../shared/protocol/rpc.js';
import type { WireError } from '../../shared/protocol/rpc.js';
import { importAny } from '../import/index.js';

type P<M extends keyof AgentMethods> = AgentMethods[M]['params'];
type R<M extends keyof AgentMethods> = AgentMethods[M]['result'];

/** A failure carrying its wire error (the dispatcher sends `wire` as is). */
export class ExchangeFailure extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

const bad = (message: string, problems: unknown): ExchangeFailure => new ExchangeFailure({ code: 'bad-params', message, details: { problems } });

export interface ExchangeHandlers {
  export: (p: P<'export'>) => Promise<R<'export'>>;
  import: (p: P<'import'>) => Promise<R<'import'>>;
}

/** The handlers over the agent's current snapshot (for `live` exports). */
export function createExchangeHandlers(current: () => HostSnapshot | null): ExchangeHandlers {
  return {
    export: async (p) => {
      let design;
      if (p.live) {
        const s = current();
        if (s === null) throw new ExchangeFailure({ code: 'host-error', message: 'the host has not been observed yet' });
        design = designFromSnapshot(s);
      } else {
        const v = parseDesign(p.design);
        if (!v.ok) throw bad(`export: the design is not valid: ${v.problems.find((x) => x.severity === 'error')?.message ?? 'invalid'}`, v.problems);
        design = v.design;
      }
      // Commands for the host being watched follow its release's rules.
      const release = current()?.host.release;
      const r = exportDesign(design, p.format, release ? { release } : {});
      if (!r.ok) throw bad(`export: cannot export as ${p.format}: ${r.errors[0] ?? 'failed'}`, r.errors);
      return { format: p.format, text: r.text, warnings: r.warnings };
    },
    import: async (p) => {
      const r = await importAny(p.text, p.format);
      if (!r.ok) throw bad(`import: ${r.problems[0] ?? 'failed'}`, r.problems);
      return { format: r.format, design: r.design, warnings: r.warnings };
    },
  };
}
