// A plan as the wire and `--json` show it (pure): numbered steps with their
// object, impact and phase, a description in words, and each command as one
// line (`$var` where a captured value goes); the whole plan as an sh script.
import type { PlanView } from '../protocol/rpc.js';
import { describe } from './describe.js';
import { render } from './render.js';
import type { Plan } from './types.js';

/** `p` made against snapshot version `basedOn`, as a PlanView. */
export function planView(p: Plan, basedOn: number): PlanView {
  const changes = p.changes.map((c, i) => ({
    step: i + 1, type: c.type, impact: c.impact, phase: c.phase, object: c.object, describe: describe(c),
    commands: c.commands.map((cmd) => cmd.argv.map((a) => (typeof a === 'string' ? a : `$${a.ref}${a.epairB ? '(b end)' : ''}`)).join(' ')),
  }));
  return { basedOn, changes, notes: p.notes, script: render(p, 'sh-lines') };
}
