// The FreeBSD port skeleton stays in step with the sources: its rc.d
// templates are the rc.d scripts with %%PREFIX%%/%%LOCALBASE%%, it lists
// every rc.d script in USE_RC_SUBR, and it packages package.json's version.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ngstudio-port-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(root: string): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'scripts/port-files.mjs'), '--check'], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

describe('ports/sysutils/ngstudio', () => {
  it('is in step with rc.d/ and package.json', () => {
    expect(check(ROOT)).toEqual({ code: 0, stderr: '' });
    const rc = readFileSync(join(ROOT, 'rc.d/ngstudio'), 'utf8');
    const program = /ngstudio_script:="([^"]+)"/.exec(rc)![1]!;
    // The port installs the package where the rc.d script looks for it.
    expect(program).toBe('/usr/local/lib/ngstudio/bin/ngstudio.mjs');
    expect(readFileSync(join(ROOT, 'ports/sysutils/ngstudio/Makefile'), 'utf8')).toContain('${STAGEDIR}${PREFIX}/lib/${PORTNAME}/bin/ngstudio.mjs');
  });

  it('names what drifted: an edited rc.d script, a new one, a version bump', () => {
    const copy = join(dir, 'copy');
    for (const p of ['scripts/port-files.mjs', 'rc.d', 'ports', 'package.json']) cpSync(join(ROOT, p), join(copy, p), { recursive: true });
    writeFileSync(join(copy, 'rc.d/ngstudio'), readFileSync(join(copy, 'rc.d/ngstudio'), 'utf8').replace('LOGIN', 'LOGIN FILESYSTEMS'));
    writeFileSync(join(copy, 'rc.d/ngstudio_extra'), '#!/bin/sh\n');
    const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ ...pkg, version: '9.9.9' }));
    const r = check(copy);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('port-files: files/ngstudio.in is out of step with the sources');
    expect(r.stderr).toContain("port-files: rc.d/ngstudio_extra is not in the Makefile's USE_RC_SUBR");
    expect(r.stderr).toContain('port-files: Makefile is out of step with the sources');
    // Without --check it brings the port in step (all but USE_RC_SUBR, which is the port's own choice).
    spawnSync(process.execPath, [join(copy, 'scripts/port-files.mjs')]);
    expect(readFileSync(join(copy, 'ports/sysutils/ngstudio/Makefile'), 'utf8')).toMatch(/^DISTVERSION=\t9\.9\.9$/m);
    expect(readFileSync(join(copy, 'ports/sysutils/ngstudio/files/ngstudio.in'), 'utf8')).toContain('# REQUIRE: LOGIN FILESYSTEMS NETWORKING netif');
    expect(readFileSync(join(copy, 'ports/sysutils/ngstudio/files/ngstudio_extra.in'), 'utf8')).toBe('#!/bin/sh\n');
  });
});
