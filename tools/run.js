// `node tools/run.js <entry>` (e.g. apps/api/src/main): installs if needed, builds if needed, then runs
// the compiled entry from dist/ with the rest of the arguments — what `npm start` and `npm run cli` do.
require('./ensure-deps');
require('./ensure-build').ensureBuild();
const { join } = require('node:path');
const [entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], join(__dirname, '..', 'dist', `${entry}.js`), ...args];
require(process.argv[1]);
