// A drill that cuts an impaired link: the cut end is a hook of the link's
// ng_pipe, which ng_pipe clears when the hook is made again (newhook), so the
// restore reconnects and sets that hook's recorded settings back; the host is
// then as the design says, with nothing left for a plan to do.
import { describe, expect, it } from 'vitest';
import { applyDesign } from '../../../agent/engine/apply.js';
import { restoreDrill } from '../../../agent/engine/drill.js';
import { memorySimBackend } from '../../../agent/host/sim/backend.js';
import { newState } from '../../../agent/host/sim/new-state.js';
import { actArgv, resolveCut, restoreStep } from '../../../shared/drill.js';
import type { Design } from '../../../shared/design/types.js';
import { emptyLedger } from '../../../shared/plan/ledger.js';
import { plan } from '../../../shared/plan/plan.js';
import { wiki } from '../../shared/plan/helpers.js';

const impaired: Design = {
  ...wiki,
  links: wiki.links.map((l) => (l.b.node === 'ng_test2' ? { ...l, impair: { delayMs: 50, downstream: { lossPct: 1 }, upstream: { bandwidthKbit: 64, queueLen: 20 } } } : l)),
};

describe('a drill on an impaired link', () => {
  for (const end of ['br0:link2', 'ng_test2:ether']) {
    it(`cut at ${end} and restored: the pipe's settings for that hook come back`, async () => {
      const b = memorySimBackend(newState());
      const { ledger } = await applyDesign(b, { design: impaired, ledger: emptyLedger() });
      const before = await b.observe();
      const cut = resolveCut(before, end);
      if (!cut.ok) throw new Error(cut.reason);
      const pipeEnd = cut.target.b;
      expect(pipeEnd).toMatchObject({ node: 'pipe_br0_link2', type: 'pipe', hook: end === 'br0:link2' ? 'upper' : 'lower' });
      expect((await b.run(actArgv(cut.target))).code).toBe(0);
      const step = restoreStep(await b.observe(), cut.target);
      expect(step.kind === 'run' && step.then?.map((a) => a.join(' '))).toEqual([
        end === 'br0:link2'
          ? 'ngctl msg pipe_br0_link2: setcfg { downstream={ BER=1205134 } }'
          : 'ngctl msg pipe_br0_link2: setcfg { upstream={ bandwidth=64000 queuelen=20 } }',
      ]);
      const out = await restoreDrill(b, cut.target);
      expect(out.ok, out.note).toBe(true);
      expect(out.note).toContain('setcfg');
      const after = await b.observe();
      expect(after.netgraph.nodes.find((n) => n.name === 'pipe_br0_link2')?.pipe).toEqual(before.netgraph.nodes.find((n) => n.name === 'pipe_br0_link2')?.pipe);
      expect(plan(after, impaired, ledger).changes).toEqual([]);
    });
  }
});
