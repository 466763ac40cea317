// The canvas's looks as state: the stylesheet for the colour scheme and the
// graph's size (cheaper drawing on large graphs), and the marks drawn over
// the diffs (focus fading, find's matches). Types only from the adapter: it
// stays the one file that imports Cytoscape.
import type { Core, StylesheetJson } from './cy-adapter.js';
import { LARGE_GRAPH_NODES } from './placement.js';
import { graphStyles } from './styles.js';

/**
 * Above this many nodes links are not drawn while panning and zooming.
 * Measured with bench/ui.ts at 5000 nodes and 7500 links (a shared, busy
 * machine): the 95th-percentile frame while panning and zooming fell from
 * 83 ms to 17 ms at the first view and from 183 ms to 33 ms over the whole
 * graph; at 1000 nodes frames already keep 60 fps with links drawn.
 */
const HUGE_GRAPH_NODES = 2000;

/** The stylesheet follows the colour scheme and the graph's size (labels hide on large graphs). */
export function styler(cy: Core, dark: boolean): { large(n: number): void; stop(): void } {
  let isDark = dark;
  let isLarge = false;
  const apply = (): void => void cy.style(graphStyles(isDark, isLarge) as unknown as StylesheetJson);
  const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const onScheme = (): void => {
    isDark = mq?.matches ?? false;
    apply();
  };
  mq?.addEventListener('change', onScheme);
  // Very large graphs: links hidden while the view moves. Cytoscape takes this
  // as a creation option only; its renderer reads the field on every frame.
  const renderer = (cy as unknown as { renderer(): { hideEdgesOnViewport: boolean } }).renderer();
  return {
    large(n) {
      renderer.hideEdgesOnViewport = n > HUGE_GRAPH_NODES;
      if (n > LARGE_GRAPH_NODES === isLarge) return;
      isLarge = !isLarge;
      apply();
    },
    stop: () => mq?.removeEventListener('change', onScheme),
  };
}

/** Marks drawn over the diffs (focus fading, find's matches): applied again after every diff, which resets classes. */
export function marker(cy: Core): { focus(id: string | null): void; found(ids: string[]): void; again(): void } {
  let focusId: string | null = null;
  let foundIds: string[] = [];
  const apply = (): void =>
    cy.batch(() => {
      cy.elements('.dimmed').removeClass('dimmed');
      cy.nodes('.found').removeClass('found');
      for (const id of foundIds) cy.getElementById(id).addClass('found');
      const e = focusId === null ? cy.collection() : cy.getElementById(focusId);
      if (e.empty()) return;
      // A jail focuses with its members; an edge with its two ends.
      const base = e.nodes().union(e.nodes().descendants()).union(e.edges()).union(e.edges().connectedNodes());
      const near = base.union(base.nodes().closedNeighborhood());
      const keep = near.union(near.nodes().ancestors());
      cy.elements().not(keep).addClass('dimmed');
    });
  return {
    focus: (id) => ((focusId = id), apply()),
    found: (ids) => ((foundIds = ids), apply()),
    again: () => void ((focusId !== null || foundIds.length > 0) && apply()),
  };
}

