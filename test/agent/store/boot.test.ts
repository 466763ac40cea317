// The boot list on disk: ordered, one entry per design, only designs that are
// stored and valid can be enabled, written atomically under a lock (parallel
// writers lose nothing), and a corrupt file is an error naming it.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../../agent/store/index.js';
import { bootFile } from '../../../agent/store/boot.js';
import { wiki } from '../../shared/plan/helpers.js';
import { freshDirs, storeError } from './helpers.js';

const fresh = freshDirs('ngstudio-boot-store-');

describe('the boot list', () => {
  it('is empty without a file; enabling appends in order, twice keeps one entry; disabling removes', async () => {
    const dir = fresh();
    const s = await openStore(dir);
    expect(await s.bootList()).toEqual([]);
    for (const name of ['b', 'a', 'c']) await s.putDesign(name, wiki);
    expect(await s.setBoot('b', true)).toEqual(['b']);
    expect(await s.setBoot('a', true)).toEqual(['b', 'a']);
    expect(await s.setBoot('b', true)).toEqual(['b', 'a']);
    expect(await s.setBoot('c', true)).toEqual(['b', 'a', 'c']);
    expect(JSON.parse(readFileSync(bootFile(dir), 'utf8'))).toEqual({ format: 1, designs: ['b', 'a', 'c'] });
    expect(await s.setBoot('a', false)).toEqual(['b', 'c']);
    expect(await s.setBoot('a', false)).toEqual(['b', 'c']);
    expect(await s.bootList()).toEqual(['b', 'c']);
    // No temporary files or locks left behind.
    expect(readdirSync(dir).sort()).toEqual(['boot.json', 'designs']);
  });

  it('refuses to enable a design that is missing, broken or badly named; disabling a missing one is fine', async () => {
    const dir = fresh();
    const s = await openStore(dir);
    expect(await storeError(s.setBoot('nope', true))).toMatchObject({ kind: 'not-found', message: 'no design named "nope"' });
    mkdirSync(join(dir, 'designs'), { recursive: true });
    writeFileSync(join(dir, 'designs', 'broken.json'), '{"format": 1, "nodes": [{"name": "a:b", "type": "bridge"}]}');
    expect(await storeError(s.setBoot('broken', true))).toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/broken\.json is broken: .*nodes/) });
    expect(await storeError(s.setBoot('../x', true))).toMatchObject({ kind: 'bad-name' });
    expect(await s.setBoot('nope', false)).toEqual([]);
    expect(await s.bootList()).toEqual([]);
  });

  it('names a corrupt file and what is wrong with it', async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    const s = await openStore(dir);
    const file = bootFile(dir);
    for (const [text, why] of [
      ['{nope', /not valid JSON/],
      ['[]', /not a JSON object/],
      ['{"format": 2, "designs": []}', /"format" must be 1/],
      ['{"format": 1}', /"designs" must be an array/],
      ['{"format": 1, "designs": ["a", 3]}', /designs\[1\]: not a string/],
      ['{"format": 1, "designs": ["a/b"]}', /designs\[0\]: .*slash/],
      ['{"format": 1, "designs": ["a", "a"]}', /designs\[1\]: "a" is listed twice/],
    ] as const) {
      writeFileSync(file, text);
      const e = await storeError(s.bootList());
      expect(e.kind).toBe('corrupt');
      expect(e.message).toContain(`the boot list ${file} is corrupt (`);
      expect(e.message).toMatch(why);
    }
    // Changing a corrupt list is refused too (it is never silently replaced).
    await s.putDesign('a', wiki);
    expect(await storeError(s.setBoot('a', true))).toMatchObject({ kind: 'corrupt' });
    expect(readFileSync(file, 'utf8')).toBe('{"format": 1, "designs": ["a", "a"]}');
  });

  it('loses no change when several writers enable designs at once', async () => {
    const dir = fresh();
    const s = await openStore(dir);
    const names = Array.from({ length: 12 }, (_, i) => `d${i}`);
    for (const name of names) await s.putDesign(name, wiki);
    await Promise.all(names.map(async (name) => (await openStore(dir)).setBoot(name, true)));
    expect((await s.bootList()).sort()).toEqual([...names].sort());
  });
});
