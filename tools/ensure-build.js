// Compiles the apps and libraries to dist/ (tsc, then tsc-alias for the @app/* paths) when a source
// is newer than the last build, so that every start runs plain JavaScript: `npm start`, the CLI and
// the test servers. Usable as a module (ensureBuild()) and as a script.
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
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function ensureBuild({ quiet = false, force = false } = {}) {
  const sources = Math.max(
    newest(join(root, 'apps')),
    newest(join(root, 'libs')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return false;
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
