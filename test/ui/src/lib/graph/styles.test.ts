import { describe, expect, it } from 'vitest';
import { graphStyles, LABEL_MIN_PX } from '../../../../../ui/src/lib/graph/styles.js';
import { layoutFor, LARGE_GRAPH_NODES } from '../../../../../ui/src/lib/graph/placement.js';

describe('large graphs', () => {
  type Rules = { selector: string; style: Record<string, unknown> }[];
  it('hides node and edge labels below a zoomed size on large graphs', () => {
    const rules = graphStyles(false, true) as unknown as Rules;
    expect(rules.find((r) => r.selector === 'node')?.style['min-zoomed-font-size']).toBe(LABEL_MIN_PX.node);
    expect(rules.find((r) => r.selector === 'edge')?.style['min-zoomed-font-size']).toBe(LABEL_MIN_PX.edge);
  });

  it('keeps every label on small graphs, whatever the zoom', () => {
    const rules = graphStyles(false) as unknown as Rules;
    expect(rules.find((r) => r.selector === 'node')?.style['min-zoomed-font-size']).toBe(0);
    expect(rules.find((r) => r.selector === 'edge')?.style['min-zoomed-font-size']).toBe(0);
  });

  it('runs fewer layout iterations on large graphs only', () => {
    expect(layoutFor(LARGE_GRAPH_NODES).numIter).toBe(2500);
    expect(layoutFor(1000).numIter).toBeLessThan(100);
    expect(layoutFor(100_000).numIter).toBe(30);
  });
});
