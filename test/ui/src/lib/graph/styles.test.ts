import { describe, expect, it } from 'vitest';
import { graphStyles, LABEL_MIN_PX } from '../../../../../ui/src/lib/graph/styles.js';
import { layoutFor, LARGE_GRAPH_NODES } from '../../../../../ui/src/lib/graph/cy-adapter.js';

describe('large graphs', () => {
  it('hides node and edge labels below a zoomed size', () => {
    const rules = graphStyles(false) as unknown as { selector: string; style: Record<string, unknown> }[];
    expect(rules.find((r) => r.selector === 'node')?.style['min-zoomed-font-size']).toBe(LABEL_MIN_PX.node);
    expect(rules.find((r) => r.selector === 'edge')?.style['min-zoomed-font-size']).toBe(LABEL_MIN_PX.edge);
  });

  it('runs fewer layout iterations on large graphs only', () => {
    expect(layoutFor(LARGE_GRAPH_NODES).numIter).toBe(2500);
    expect(layoutFor(1000).numIter).toBeLessThan(100);
    expect(layoutFor(100_000).numIter).toBe(30);
  });
});
