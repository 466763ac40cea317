// The design being edited, as a runes class: starts from the host as it is
// (designFromSnapshot), keeps every version on an undo stack, validates as the
// user edits, notices live changes that conflict with pending edits, and asks
// the agent for the plan and to apply it (progress from `apply.progress`).
import { designFromSnapshot } from '../../../../shared/design/from-snapshot.js';
import { validateDesign } from '../../../../shared/design/validate.js';
import { emptyDesign } from '../../../../shared/design/types.js';
import type { Design, Problem } from '../../../../shared/design/types.js';
import type { HostSnapshot } from '../../../../shared/model/snapshot.js';
import type { ApplyProgress, ApplyReport, PlanView } from '../../../../shared/protocol/rpc.js';
import { findConflicts, rebase } from '../design/conflicts.js';
import { addItem, assignJail, connect, removeItem, renameItem, setLinkHook, setPosition } from '../design/edit.js';
import type { EditResult, PaletteKind } from '../design/edit.js';
import { refKey } from '../design/refs.js';
import type { DesignRef } from '../design/refs.js';
import { History } from './history.js';
import { AgentError } from './session.svelte.js';
import type { Session } from './session.svelte.js';

/** How long the design must stay unchanged before it is planned in the background. */
const PREVIEW_DELAY_MS = 150;

/** Where an apply stands, for the apply log. */
export interface ApplyState {
  /** The plan being applied (kept after the apply, when the design has become the host again). */
  plan: PlanView;
  running: boolean;
  steps: ApplyProgress[];
  report: ApplyReport | null;
  error: string | null;
  /** Cancel was asked for and the apply has not stopped yet. */
  cancelling?: boolean;
}

const NO_CONFLICTS: ReadonlySet<string> = new Set();

/** The designer's state: the design, selection, connect mode, plan and apply. */
export class Editor {
  /** The user's design as the last edit left it; `design` is it kept in step with the host. */
  #edited = $state.raw<Design>(emptyDesign());
  /**
   * The design being edited: the user's edits over the host as it is now.
   * Live changes keep arriving while edits are pending: what the user did not
   * edit follows the host (rebase), and conflicts() names what both changed.
   */
  design: Design = $derived.by(() => {
    const host = this.#host;
    // Nothing pending: the design is the host already (observe() adopts every snapshot).
    return host !== null && this.pending ? rebase(this.start, host, this.#edited) : this.#edited;
  });
  /** The host's shape as a design, made once per change (not per traffic tick) for everything here that compares with the host. */
  #host: Design | null = $derived.by(() => {
    const s = this.#session.shape;
    return s ? designFromSnapshot(s) : null;
  });
  /** The host (as a design) when editing started: conflicts are changes since. */
  start = $state.raw<Design>(emptyDesign());
  selected = $state.raw<DesignRef | null>(null);
  /** Connect mode: null = off; { from: null } = waiting for the first click. */
  connecting = $state.raw<{ from: DesignRef | null } | null>(null);
  /** The last edit the rules refused, in words. */
  notice = $state<string | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);
  plan = $state.raw<PlanView | null>(null);
  planError = $state<string | null>(null);
  applying = $state.raw<ApplyState | null>(null);
  name = $state<string | null>(null);
  /** What is wrong with the design drawn (designOver): found once per snapshot or edit, and already for the first snapshot drawn. */
  problems: Problem[] = $derived.by(() => validateDesign(this.designOver()));

  /** The changes of the latest plan of the pending design, asked for in the background (null: none yet, or nothing pending). */
  preview = $state.raw<PlanView['changes'] | null>(null);
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  #previewSeq = 0;

  #history = new History<Design>(emptyDesign());
  /** refKeys of nodes the user placed (dropped from the palette or dragged): Re-layout leaves them where they are. */
  #pinned = new Set<string>();
  #started = $state(false);
  /** False while an opened design is shown: it stays pending even with nothing to undo. */
  #follow = $state(true);
  #session: Session;

  constructor(session: Session) {
    this.#session = session;
    session.onEvent('apply.progress', (d) => this.#progress(d as ApplyProgress));
  }

  /** The host as a design now (null before the first snapshot). */
  live(): Design | null {
    return this.#host;
  }

  /** Conflicting refKeys between pending edits and live changes. */
  conflicts(): ReadonlySet<string> {
    const found = this.#host !== null && this.pending ? findConflicts(this.start, this.#host, this.design) : NO_CONFLICTS;
    // The same empty set while there are none: what is drawn from it is not made again when nothing changed.
    return found.size === 0 ? NO_CONFLICTS : found;
  }

  /**
   * The design to draw over the current snapshot. While nothing is pending it
   * is the host itself, from that snapshot: following the host only in observe() (an
   * effect, run after the drawing) drew every new snapshot against the
   * previous design for one frame, and the very first one against an empty
   * design, with every element marked for destruction.
   */
  designOver(): Design {
    return this.#host !== null && !this.pending ? this.#host : this.design;
  }

  /** Called with every snapshot: while nothing is pending the design follows the host (so the canvas is the live view). */
  observe(s: HostSnapshot | null): void {
    if (s === null) return;
    if (!this.pending) this.adoptHost(s);
  }

  /** Drops every pending edit: the design is the host again (layout kept). */
  adoptHost(s: HostSnapshot, keepLayout = true): void {
    // The host as a design is made once per snapshot (#host) and shared: designs are never changed in place (edits clone).
    const host = s === this.#session.shape && this.#host !== null ? this.#host : designFromSnapshot(s);
    const layout = keepLayout ? this.design.layout : undefined;
    this.#started = true;
    this.#follow = true;
    this.start = host;
    this.#set(layout ? { ...host, layout } : host, 'reset');
  }

  #set(d: Design, how: 'push' | 'replace' | 'reset'): void {
    if (how === 'push') this.#history.push(d);
    else if (how === 'replace') this.#history.replace(d);
    else this.#history.reset(d);
    this.#edited = d;
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
    this.plan = null;
    // An edit makes the last apply log stale; the host catching up after an apply ('reset') does not.
    if (how !== 'reset' && !this.applying?.running) this.applying = null;
  }

  /** Applies an edit's result: a new undo step, or the refusal as a notice. */
  #edit(r: EditResult, select = true): boolean {
    if (!r.ok) {
      this.notice = r.reason;
      return false;
    }
    this.notice = null;
    this.#set(r.design, 'push');
    if (select) this.selected = r.ref;
    return true;
  }

  /** Adds a palette item at a canvas position, inside `jail` when dropped on one. */
  add(kind: PaletteKind, at: { x: number; y: number }, jail: string | null = null): void {
    const nics = (this.#session.snapshot?.interfaces ?? []).filter((i) => i.kind === 'ether' && i.jail === null).map((i) => i.name);
    const r = addItem(this.design, kind, nics);
    if (!r.ok) return void this.#edit(r);
    let d = setPosition(r.design, refKey(r.ref), at);
    if (jail !== null && kind !== 'jail') {
      const j = assignJail(d, r.ref, jail);
      if (j.ok) d = j.design;
    }
    if (this.#edit({ ok: true, design: d, ref: r.ref })) this.#pinned.add(refKey(r.ref));
  }

  remove(r: DesignRef | null = this.selected): void {
    if (r === null) return;
    if (this.#edit(removeItem(this.design, r, this.live()), false)) this.selected = null;
  }

  /** Renames an object (one undo step); returns why not, or null when done. */
  rename(r: DesignRef, to: string): string | null {
    const res = renameItem(this.design, r, to.trim());
    // A pin follows the rename, as the saved position does.
    if (this.#edit(res) && res.ok && this.#pinned.delete(refKey(r))) this.#pinned.add(refKey(res.ref));
    return res.ok ? null : res.reason;
  }

  /** Saved positions of the nodes the user placed, by refKey (what Re-layout must not move). */
  pinnedPositions(): Record<string, { x: number; y: number }> {
    const all = this.design.layout?.positions ?? {};
    return Object.fromEntries(Object.entries(all).filter(([k]) => this.#pinned.has(k)));
  }

  /** A node was dragged: its new position (no undo step), and a jail change if it was dropped into or out of one. */
  moved(r: DesignRef, at: { x: number; y: number }, jail: string | null, fromJail: string | null): void {
    this.#pinned.add(refKey(r));
    if (jail !== fromJail && (r.kind === 'node' || r.kind === 'epair' || r.kind === 'ifbridge')) {
      const j = assignJail(this.design, r, jail);
      if (j.ok) return void this.#edit({ ok: true, design: setPosition(j.design, refKey(r), at), ref: r });
    }
    this.#set(setPosition(this.design, refKey(r), at), 'replace');
  }

  /** A click in connect mode: the first picks the source, the second draws the link. */
  pick(r: DesignRef): void {
    if (this.connecting === null) return;
    const from = this.connecting.from;
    if (from === null) {
      this.connecting = { from: r };
      return;
    }
    this.connecting = { from: null };
    this.#edit(connect(this.design, from, r));
  }

  setHook(key: string, side: 'a' | 'b', hook: string): void {
    this.#edit(setLinkHook(this.design, key, side, hook.trim()));
  }

  /** Replaces one object by a changed copy (inspector forms). */
  update(change: (d: Design) => void): void {
    const d = structuredClone(this.design);
    change(d);
    this.#set(d, 'push');
  }

  undo(): void {
    this.#edited = this.#history.undo();
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
    this.plan = null;
  }

  redo(): void {
    this.#edited = this.#history.redo();
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
    this.plan = null;
  }

  /** Opens a design (positions included): a stored one by name, or an imported one (name null). */
  open(name: string | null, d: Design): void {
    this.name = name;
    const live = this.live();
    if (live !== null) ((this.start = live), (this.#started = true));
    this.#follow = false;
    // A saved layout holds every drawn position, not only placed ones: nothing is pinned in an opened design.
    this.#pinned.clear();
    this.#set(d, 'reset');
    this.selected = null;
    if (!this.applying?.running) this.applying = null;
  }

  /** True while the design differs from following the host (edits, or an opened design). A derived value: what reads it is not redone when the first snapshot starts the following, which leaves it false. */
  pending: boolean = $derived.by(() => this.#started && !(this.#follow && !this.canUndo));

  /**
   * Plans `d` in the background, shortly after the last change, so the canvas
   * marks for destruction only what the plan destroys; null: nothing pending.
   */
  previewPlan(d: Design | null): void {
    clearTimeout(this.#previewTimer);
    const seq = ++this.#previewSeq;
    if (d === null) return void (this.preview = null);
    this.#previewTimer = setTimeout(() => {
      this.#session.request('plan', { design: d }).then(
        (p) => void (seq === this.#previewSeq && (this.preview = p.changes)),
        // A design the planner refuses (its problems are on the canvas already): back to marking every difference.
        () => void (seq === this.#previewSeq && (this.preview = null)),
      );
    }, PREVIEW_DELAY_MS);
  }

  /** Asks the agent for the plan of the current design. */
  async makePlan(): Promise<void> {
    this.planError = null;
    if (!this.applying?.running) this.applying = null;
    try {
      this.plan = await this.#session.request('plan', { design: this.design });
    } catch (e) {
      this.plan = null;
      this.planError = describeError(e);
    }
  }

  /** Applies the planned design; afterwards the design is the host as observed. */
  async apply(): Promise<void> {
    const plan = this.plan;
    if (plan === null) return;
    this.applying = { plan, running: true, steps: [], report: null, error: null };
    let report: ApplyReport | null = null;
    let error: string | null = null;
    try {
      report = await this.#session.request('apply', { design: this.design, basedOn: plan.basedOn });
    } catch (e) {
      error = describeError(e);
      if (e instanceof AgentError && isReport(e.details)) report = e.details;
    }
    this.applying = { ...(this.applying ?? { plan, steps: [] }), running: false, report, error };
    try {
      const s = await this.#session.request('snapshot', {});
      this.adoptHost(s);
      this.selected = null;
    } catch {
      // The patch stream will bring the host; the design stays as it was.
    }
  }

  /** Asks the agent to stop the running apply: the step under way finishes, the rest does not run, and what was done is undone. */
  async cancelApply(): Promise<void> {
    if (!this.applying?.running) return;
    this.applying = { ...this.applying, cancelling: true };
    try {
      await this.#session.request('apply.cancel', {});
    } catch (e) {
      if (this.applying?.running) this.applying = { ...this.applying, cancelling: false, error: `cancel failed: ${describeError(e)}` };
    }
  }

  #progress(p: ApplyProgress): void {
    const a = this.applying;
    if (a === null) return;
    const steps = a.steps.filter((x) => x.step !== p.step);
    steps.push(p);
    steps.sort((x, y) => x.step - y.step);
    this.applying = { ...a, steps };
  }
}

/** An ApplyReport-shaped value (the details of a failed apply). */
function isReport(v: unknown): v is ApplyReport {
  return typeof v === 'object' && v !== null && typeof (v as ApplyReport).ok === 'boolean' && typeof (v as ApplyReport).of === 'number';
}

/** An error in words, with the design's first problems when the agent sent them. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
