// Compiles the apps and libraries to dist/ (tsc, then tsc-alias for the @app/* paths) and the portal to
// dist/portal (vite build) when a source is newer than the last build, so that every start runs plain
// JavaScript and serves a built portal: `npm start`, the CLI and the test servers. Usable as a module
// (ensureBuild()) and as a script.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.built');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const portalStamp = join(root, 'dist', 'portal', 'index.html');

/** The portal (apps/portal, which also bundles the pure domain): built by Vite when a source is newer. */
function ensurePortal({ quiet, force }) {
  const sources = Math.max(
    newest(join(root, 'apps', 'portal')),
    newest(join(root, 'libs', 'domain')),
    ...['apps/portal/index.html', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  if (!force && existsSync(portalStamp) && statSync(portalStamp).mtimeMs >= sources) return false;
  if (!quiet) console.error('Building the portal (vite → dist/portal)…');
  execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', quiet ? 'error' : 'warn', join(root, 'apps', 'portal')], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  return true;
}

function ensureBuild({ quiet = false, force = false } = {}) {
  const portal = ensurePortal({ quiet, force });
  const sources = Math.max(
    newest(join(root, 'apps')),
    newest(join(root, 'libs')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return portal;
  if (!quiet) console.error('Compiling (tsc → dist/)…');
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  // Output to stderr: a command's stdout (a minted token, JSON) stays its own.
  const options = { cwd: root, stdio: ['ignore', 2, 2] };
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], options);
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], options);
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

module.exports = { ensureBuild };
if (require.main === module) ensureBuild({ quiet: process.argv.includes('--quiet'), force: process.argv.includes('--force') });
