// The record of an apply across hosts: left behind by a process that died,
// it says which hosts were changed; while its process runs, or once removed, nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeSpanRecord, unfinishedSpanLines, writeSpanRecord } from '../../../agent/store/span-record.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-span-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('span record', () => {
  it('names the hosts done and not done when its process is gone', async () => {
    expect(await unfinishedSpanLines(dir)).toEqual([]);
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeSpanRecord(dir, { pid: dead, startedAt: '2026-12-04T18:00:00.000Z', hosts: ['here (this host)', 'beta (peer1 at 127.0.0.1:7879)'], done: ['here (this host)'] });
    expect(await unfinishedSpanLines(dir)).toEqual([
      `an apply across hosts started 2026-12-04T18:00:00.000Z (pid ${dead}) did not finish: applied on here (this host); not on beta (peer1 at 127.0.0.1:7879).`,
      'each host is consistent on its own (its own journal); apply the design again to finish it, or apply the earlier design to take those hosts back.',
    ]);
  });

  it('says nothing while its process still runs, or once removed', async () => {
    await writeSpanRecord(dir, { pid: process.pid, startedAt: 'now', hosts: ['a'], done: [] });
    expect(await unfinishedSpanLines(dir)).toEqual([]);
    await removeSpanRecord(dir);
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    expect(await unfinishedSpanLines(dir)).toEqual([]);
    expect(dead).toBeGreaterThan(0);
  });
});
