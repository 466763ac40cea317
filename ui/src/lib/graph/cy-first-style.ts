// Styling new elements once, not once per property. When Cytoscape styles an
// element it applies each property of each matching rule and, per property,
// runs its triggers: dirty the element's style cache (and, on a graph with
// jails, its relatives' and their links'), dirty its bounds and emit a
// 'bounds' event, dirty the bounds of its links and of its parallel links,
// and re-sort the drawing order. For an element styled the first time every
// one of those is work on an element nothing has measured yet: at 5000 nodes
// and 7500 links (about twenty properties each) it was a third of the first
// render. Here, while Cytoscape styles a batch, an element styled for the
// first time only clears its own cache per property; once the batch is
// styled, every trigger any property could have fired runs once for all of
// them together (a superset of what the properties would have fired).
// Elements styled before (a class or data change) keep Cytoscape's own path.
//
// This leans on three internals of the pinned Cytoscape (package.json):
// Style#apply(eles), Style#checkTriggers(ele, …) and the element's
// `_private.appliedInitStyle`. When any is missing, nothing is patched and
// Cytoscape behaves as shipped (test/ui/src/lib/graph/cy-first-style.test.ts
// fails on such an upgrade, so it is noticed).
import type { Core } from './cy-adapter.js';

/** The parts of an element collection this uses. */
interface Eles {
  length: number;
  [i: number]: { _private: { appliedInitStyle?: boolean; styleCache: unknown } };
  nodes(): Eles;
  edges(): Eles;
  connectedEdges(): Eles;
  parallelEdges(): Eles;
  filter(f: (e: Eles[number]) => boolean): Eles;
  nonempty(): boolean;
  dirtyStyleCache(): Eles;
  dirtyCompoundBoundsCache(): Eles;
  dirtyBoundingBoxCache(): Eles;
}

/** The parts of Cytoscape's Style this replaces. */
interface StyleInternals {
  apply(eles: Eles): unknown;
  checkTriggers(ele: Eles[number], name: string, from: unknown, to: unknown): void;
  _private: { cy: { notify(event: string, eles: Eles): void } };
}

const PATCHED = Symbol.for('ngstudio.firstStyleOnce');

/** Patches Cytoscape's Style (shared by every canvas) once; true when the patch is in place. */
export function styleFirstTimeOnce(cy: Core): boolean {
  const proto = Object.getPrototypeOf(cy.style()) as StyleInternals & { [PATCHED]?: boolean };
  if (proto[PATCHED]) return true;
  const { apply, checkTriggers } = proto;
  if (typeof apply !== 'function' || typeof checkTriggers !== 'function' || apply.length !== 1 || checkTriggers.length !== 4) return false;
  // Depth of apply() calls under way: only there is an element's first styling deferred.
  let applying = 0;
  proto.checkTriggers = function (ele, name, from, to) {
    if (applying > 0 && ele._private.appliedInitStyle !== true) {
      ele._private.styleCache = null;
      return;
    }
    checkTriggers.call(this, ele, name, from, to);
  };
  proto.apply = function (eles) {
    const first = eles.filter((e) => e._private.appliedInitStyle !== true);
    applying++;
    let out: unknown;
    try {
      out = apply.call(this, eles);
    } finally {
      applying--;
      if (first.nonempty()) {
        // What every property's triggers would have done, once for the lot.
        first.dirtyStyleCache();
        first.dirtyCompoundBoundsCache();
        first.dirtyBoundingBoxCache();
        const linked = first.nodes().connectedEdges();
        if (linked.nonempty()) linked.dirtyBoundingBoxCache();
        const parallel = first.edges().parallelEdges();
        if (parallel.nonempty()) parallel.dirtyBoundingBoxCache();
        this._private.cy.notify('zorder', first);
      }
    }
    return out;
  };
  proto[PATCHED] = true;
  return true;
}
