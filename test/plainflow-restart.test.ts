import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/free-port';
import { logger } from '../src/logger';
import { startPlainflow, type Plainflow } from '../src/plainflow';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { embeddedConfig } from './helpers/embedded';
import { eventually } from './helpers/stack';
import { withKey } from './helpers/identity';

interface RunView {
  temporalStatus: string;
  workItem: { id: string; title: string; auditEvents: { hash: string }[] } | null;
}

describe('Plainflow on its embedded defaults', () => {
  let dataDir: string;
  let running: Plainflow | undefined;

  beforeAll(() => {
    installTemporalRuntime(logger);
  });

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'plainflow-data-'));
  });

  afterEach(async () => {
    await running?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function start(ports: { temporal: number; ui: number }) {
    running = await startPlainflow(embeddedConfig(dataDir, ports), logger);
    return running;
  }

  const runView = async (apiUrl: string, id: string, key: string) => {
    const res = await fetch(`${apiUrl}/runs/${id}`, { headers: withKey(key) });
    expect(res.status).toBe(200);
    return (await res.json()) as RunView;
  };

  it('keeps runs and work items across a stop and a start, with the Web UI up', async () => {
    const ports = { temporal: await freePort(), ui: await freePort() };
    const first = await start(ports);
    expect(first.embeddedDatabase).toBe(true);
    expect(first.temporalUiUrl).toBe(`http://127.0.0.1:${ports.ui}`);
    const ui = await eventually(async () => {
      const res = await fetch(first.temporalUiUrl!).catch(() => undefined);
      return res?.ok ? res : undefined;
    });
    expect(ui.status).toBe(200);

    // The first start makes an admin key and shows it once; the next start does not.
    const key = first.createdAdminKey;
    expect(key).toMatch(/^pf_/);
    const posted = await fetch(`${first.apiUrl}/runs`, {
      method: 'POST',
      headers: withKey(key!),
      body: JSON.stringify({ title: 'Survives restarts' }),
    });
    const { id } = (await posted.json()) as { id: string };
    const before = await eventually(async () => {
      const view = await runView(first.apiUrl, id, key!);
      return view.temporalStatus === 'COMPLETED' ? view : undefined;
    });
    await first.stop();
    running = undefined;
    await expect(fs.stat(path.join(dataDir, 'pglite'))).resolves.toBeTruthy();
    await expect(fs.stat(path.join(dataDir, 'temporal', 'temporal.db'))).resolves.toBeTruthy();

    const second = await start(ports);
    expect(second.createdAdminKey).toBeNull();
    const after = await runView(second.apiUrl, id, key!);
    expect(after.temporalStatus).toBe('COMPLETED');
    expect(after.workItem).toEqual(before.workItem);
  });
});
