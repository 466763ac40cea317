// `boot.list` / `boot.set` over a real WebSocket to a real agent: the boot
// list in the data folder follows, a missing design cannot be enabled, bad
// params are refused before dispatch, a corrupt list is named, and an agent
// without a data folder says the boot list is not available.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wiki } from '../../shared/plan/helpers.js';
import { connect, startTestAgent, type Client } from './helpers.js';
import { startStoreAgent, resultOf as result } from './store-agent.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function agentWithStore(): Promise<{ client: Client; dataDir: string }> {
  const a = await startStoreAgent();
  return { client: await a.client(), dataDir: a.dataDir };
}

describe('the boot list over the WebSocket', () => {
  it('lists, enables (once, in order) and disables; the data folder\'s boot.json follows', async () => {
    const { client: c, dataDir } = await agentWithStore();
    expect(result(await c.request(1, 'boot.list'))).toEqual({ names: [] });
    for (const n of ['lab', 'wiki']) result(await c.request(`put-${n}`, 'designs.put', { name: n, design: wiki }));
    expect(result(await c.request(2, 'boot.set', { name: 'wiki', enabled: true }))).toEqual({ names: ['wiki'] });
    expect(result(await c.request(3, 'boot.set', { name: 'lab', enabled: true }))).toEqual({ names: ['wiki', 'lab'] });
    expect(result(await c.request(4, 'boot.set', { name: 'wiki', enabled: true }))).toEqual({ names: ['wiki', 'lab'] });
    expect(JSON.parse(readFileSync(join(dataDir, 'boot.json'), 'utf8'))).toEqual({ format: 1, designs: ['wiki', 'lab'] });
    expect(result(await c.request(5, 'boot.set', { name: 'wiki', enabled: false }))).toEqual({ names: ['lab'] });
    expect(result(await c.request(6, 'boot.list'))).toEqual({ names: ['lab'] });
  });

  it('refuses a missing design, bad params and names a corrupt list', async () => {
    const { client: c, dataDir } = await agentWithStore();
    expect(await c.request(1, 'boot.set', { name: 'nope', enabled: true })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: 'no design named "nope"' } });
    expect(await c.request(2, 'boot.set', { name: 'nope', enabled: 'yes' })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: 'boot.set: "enabled" must be true or false' } });
    expect(await c.request(3, 'boot.set', { name: 'nope' })).toMatchObject({ type: 'error', error: { code: 'bad-params', message: 'boot.set: missing param "enabled"' } });
    expect(await c.request(4, 'boot.list', { all: true })).toMatchObject({ type: 'error', error: { code: 'bad-params' } });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'boot.json'), 'nope');
    expect(await c.request(5, 'boot.list')).toMatchObject({ type: 'error', error: { code: 'internal', message: expect.stringContaining(`the boot list ${join(dataDir, 'boot.json')} is corrupt`) } });
  });

  it('is not available in an agent without a data folder', async () => {
    const t = await startTestAgent();
    const c = await connect(t.port);
    stops.push(async () => {
      c.ws.close();
      await t.agent.close();
      rmSync(t.dir, { recursive: true, force: true });
    });
    await c.next((f) => f.type === 'hello');
    expect(await c.request(1, 'boot.list')).toMatchObject({ type: 'error', error: { code: 'internal', message: expect.stringMatching(/not available/) } });
  });
});
