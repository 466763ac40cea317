#!/usr/bin/env node
// Keeps the FreeBSD port (ports/sysutils/ngstudio) in step with the sources:
// writes files/NAME.in for every rc.d/NAME (the ports tree's USE_RC_SUBR
// takes its scripts from files/, with %%PREFIX%% and %%LOCALBASE%% for
// /usr/local) and DISTVERSION from package.json. With --check it changes
// nothing and exits 1 naming what is out of step.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = join(root, 'ports/sysutils/ngstudio');
const check = process.argv.includes('--check');
const problems = [];

/** rc.d script text as the port's template: node comes from LOCALBASE, the rest of /usr/local is the port's PREFIX. */
function template(text) {
  return text.replaceAll('/usr/local/bin/node', '%%LOCALBASE%%/bin/node').replaceAll('/usr/local', '%%PREFIX%%');
}

/** Writes `file` (relative to the port) unless it already holds `text`; under --check records the difference. */
function want(file, text) {
  const path = join(port, file);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  if (check) problems.push(`${file} is out of step with the sources`);
  else writeFileSync(path, text);
}

const makefile = readFileSync(join(port, 'Makefile'), 'utf8');
const rcSubr = (/^USE_RC_SUBR=\s*(.*)$/m.exec(makefile)?.[1] ?? '').split(/\s+/).filter(Boolean);
const scripts = readdirSync(join(root, 'rc.d')).sort();
for (const name of scripts) {
  if (!rcSubr.includes(name)) problems.push(`rc.d/${name} is not in the Makefile's USE_RC_SUBR`);
  want(`files/${name}.in`, template(readFileSync(join(root, 'rc.d', name), 'utf8')));
}
for (const f of readdirSync(join(port, 'files'))) {
  if (f.endsWith('.in') && !scripts.includes(f.slice(0, -3))) problems.push(`files/${f} has no rc.d/${f.slice(0, -3)}`);
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
want('Makefile', makefile.replace(/^DISTVERSION=\t.*$/m, `DISTVERSION=\t${version}`));

if (problems.length > 0) {
  for (const p of problems) console.error(`port-files: ${p}`);
  if (check) console.error('port-files: run node scripts/port-files.mjs to bring the port in step');
  process.exit(1);
}
