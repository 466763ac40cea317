// A big valid design (hundreds of KB on disk), one of two recognisable variants.
import type { Design } from '../../../shared/design/types.js';

/** `variant` names every node, so a file holding a mix of two variants cannot pass for either. */
export function bigDesign(variant: 'a' | 'b', n = 2500): Design {
  const nodes = Array.from({ length: n }, (_, i) => ({ name: `${variant}node${i}`, type: 'hub', persistent: true }));
  return { format: 1, nodes, links: [], epairs: [], bridges: [], jails: [] };
}
