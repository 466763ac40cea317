// Steps the canvas's browser tests share: wait for the first complete
// render, measure what the canvas draws (its ngstudioGeometry hook), read the
// element list, and the overlap checks a person makes by eye.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { DrawnGeometry, ScreenBox } from '../../ui/src/lib/graph/cy-measure.js';

export type { DrawnGeometry };

/** Waits until the canvas has drawn and laid out at least `count` elements and the view has settled. */
export async function firstRender(page: Page, count = 10): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const ul = document.querySelector('[data-testid="canvas-elements"]') as HTMLElement | null;
      return ul !== null && Number(ul.dataset.count) >= n && ul.dataset.drawnMs !== undefined;
    },
    count,
    { timeout: 30_000 },
  );
  // The element list re-reads screen positions once the view settles.
  await page.waitForTimeout(300);
}

/** What the canvas draws now, measured in the page. */
export function geometry(page: Page): Promise<DrawnGeometry> {
  return page.evaluate(() => (document.querySelector('[data-testid="canvas"]') as HTMLElement & { ngstudioGeometry: () => DrawnGeometry }).ngstudioGeometry());
}

export interface Listed {
  id: string;
  group: 'nodes' | 'edges';
  label: string;
  parent: string;
  classes: string[];
  x: number;
  y: number;
  rx: number;
  ry: number;
}

/** The canvas's element list (read back from Cytoscape). */
export function listed(page: Page): Promise<Listed[]> {
  return page.locator('[data-testid="canvas-elements"] li').evaluateAll((lis) =>
    lis.map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      group: li.getAttribute('data-group') as 'nodes' | 'edges',
      label: li.textContent ?? '',
      parent: li.getAttribute('data-parent') ?? '',
      classes: (li.getAttribute('data-classes') ?? '').split(' ').filter(Boolean),
      x: Number(li.getAttribute('data-x')),
      y: Number(li.getAttribute('data-y')),
      rx: Number(li.getAttribute('data-rx')),
      ry: Number(li.getAttribute('data-ry')),
    })),
  );
}

/** The listed node whose name (first word of its label) is `name`, outside jails first. */
export function byName(list: Listed[], name: string): Listed {
  const all = list.filter((i) => i.group === 'nodes' && i.label.split(' ')[0] === name);
  const hit = all.find((i) => i.parent === '') ?? all[0];
  if (!hit) throw new Error(`${name} is not on the canvas`);
  return hit;
}

/** Node positions (model coordinates) by id, jail boxes left out (their members decide them). */
export async function positions(page: Page): Promise<Record<string, [number, number]>> {
  const out: Record<string, [number, number]> = {};
  for (const i of await listed(page)) if (i.group === 'nodes' && !i.id.startsWith('jail:')) out[i.id] = [i.x, i.y];
  return out;
}

/** True when two boxes share more than `slack` pixels each way. */
export const intersects = (a: ScreenBox, b: ScreenBox, slack = 0.5): boolean => a.x1 + slack < b.x2 && b.x1 + slack < a.x2 && a.y1 + slack < b.y2 && b.y1 + slack < a.y2;

/**
 * What a person would see as drawn over something else: two jail boxes that
 * meet, a jail box over a node that is not its member, and a node's name
 * under another node's body (its own jail and its own members excepted).
 */
export function overlaps(g: DrawnGeometry): string[] {
  const bad: string[] = [];
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const ancestors = (id: string): Set<string> => {
    const out = new Set<string>();
    for (let p = byId.get(id)?.parent ?? null; p !== null; p = byId.get(p)?.parent ?? null) out.add(p);
    return out;
  };
  const jails = g.nodes.filter((n) => n.compound);
  for (let i = 0; i < jails.length; i++) {
    for (let j = i + 1; j < jails.length; j++) if (intersects(jails[i]!.body, jails[j]!.body)) bad.push(`jail boxes ${jails[i]!.id} and ${jails[j]!.id} meet`);
  }
  for (const j of jails) {
    for (const n of g.nodes) if (n.id !== j.id && !ancestors(n.id).has(j.id) && !ancestors(j.id).has(n.id) && intersects(j.body, n.body)) bad.push(`jail box ${j.id} covers ${n.id}`);
  }
  for (const n of g.nodes) {
    if (n.labelBox === null || !n.labelDrawn) continue;
    const mine = ancestors(n.id);
    for (const m of g.nodes) {
      if (m.id === n.id || mine.has(m.id) || ancestors(m.id).has(n.id)) continue;
      if (intersects(n.labelBox, m.body)) bad.push(`the name of ${n.id} (${n.label}) is under ${m.id}`);
    }
  }
  return bad;
}

/** Every drawn node name is at least `px` CSS pixels high on screen, and none is hidden for being small. */
export function expectReadable(g: DrawnGeometry, px: number): void {
  const small = g.nodes.filter((n) => n.label !== '' && (!n.labelDrawn || n.fontPx < px)).map((n) => `${n.label}: ${n.fontPx.toFixed(2)} px`);
  expect(small, `zoom ${g.zoom}`).toEqual([]);
}
