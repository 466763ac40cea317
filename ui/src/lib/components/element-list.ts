// The canvas's offscreen element list (keyboard and screen-reader access,
// and what browser tests read): one <li> per element with a button that
// selects it. Written straight into the DOM rather than through a keyed
// {#each}: at 5000 nodes the list holds 12 500 items, and after a pan only
// their screen positions change, so items are updated in place (a focused
// button keeps its focus) and rebuilt in one innerHTML write only when the
// set of elements changed.
import type { RenderedElement } from '../graph/cy-adapter.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The data attributes of an item, in a fixed order. */
function attrs(r: RenderedElement): [string, string][] {
  const a: [string, string][] = [
    ['data-id', r.id],
    ['data-group', r.group],
    ['data-parent', r.parent ?? ''],
    ['data-classes', r.classes.join(' ')],
  ];
  if (r.x !== undefined) a.push(['data-x', String(r.x)], ['data-y', String(r.y)], ['data-rx', String(r.rx)], ['data-ry', String(r.ry)]);
  // Edges with traffic data: their level and drawn width.
  if (r.rate !== undefined) a.push(['data-rate', String(r.rate)], ['data-width', String(r.width)]);
  return a;
}

const itemHtml = (r: RenderedElement): string => `<li ${attrs(r).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')}><button type="button">${esc(r.label)}</button></li>`;

/** Svelte action: keeps `ul`'s items in step with the elements; a click (or Enter) on an item's button calls `select` with its id (`extend`: Shift, Ctrl or ⌘ held). */
export function elementList(ul: HTMLUListElement, init: { items: RenderedElement[]; select: (id: string, extend: boolean) => void }): { update(p: typeof init): void; destroy(): void } {
  let select = init.select;
  let ids: string[] = [];
  const write = (items: RenderedElement[]): void => {
    const same = items.length === ids.length && items.every((r, i) => r.id === ids[i]);
    if (!same) {
      ul.innerHTML = items.map(itemHtml).join('');
      ids = items.map((r) => r.id);
      return;
    }
    const lis = ul.children;
    items.forEach((r, i) => {
      const li = lis[i] as HTMLElement;
      for (const [k, v] of attrs(r)) if (li.getAttribute(k) !== v) li.setAttribute(k, v);
      const b = li.firstElementChild as HTMLElement;
      if (b.textContent !== r.label) b.textContent = r.label;
    });
  };
  const click = (ev: MouseEvent): void => {
    const li = (ev.target as HTMLElement).closest('li');
    const id = li?.getAttribute('data-id');
    if (id) select(id, ev.shiftKey || ev.ctrlKey || ev.metaKey);
  };
  ul.addEventListener('click', click);
  write(init.items);
  return {
    update(p) {
      select = p.select;
      write(p.items);
    },
    destroy: () => ul.removeEventListener('click', click),
  };
}
