// The undo/redo stack.
import { describe, expect, it } from 'vitest';
import { History } from '../../../../../ui/src/lib/state/history.js';

describe('History', () => {
  it('undoes and redoes in order, and a new edit drops the redo branch', () => {
    const h = new History(0);
    h.push(1);
    h.push(2);
    expect(h.undo()).toBe(1);
    expect(h.undo()).toBe(0);
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBe(0);
    expect(h.redo()).toBe(1);
    h.push(5);
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBe(5);
    expect(h.undo()).toBe(1);
  });
  it('replace changes the present without an undo step; reset forgets everything', () => {
    const h = new History('a');
    h.push('b');
    h.replace('b2');
    expect(h.present).toBe('b2');
    expect(h.undo()).toBe('a');
    expect(h.redo()).toBe('b2');
    h.reset('z');
    expect([h.canUndo, h.canRedo, h.present]).toEqual([false, false, 'z']);
  });
  it('keeps at most `limit` undo steps and refuses a bad limit', () => {
    const h = new History(0, 2);
    for (let i = 1; i <= 5; i++) h.push(i);
    expect(h.undo()).toBe(4);
    expect(h.undo()).toBe(3);
    expect(h.canUndo).toBe(false);
    expect(() => new History(0, 0)).toThrow(/positive integer/);
  });
});
