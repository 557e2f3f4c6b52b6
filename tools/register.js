// Runs TypeScript entry points directly (CLI, benchmarks): transpile-only ts-node
// keeps decorator metadata for NestJS DI; tsconfig-paths resolves the @app/* aliases.
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('tsconfig-paths').register({ baseUrl: require('path').join(__dirname, '..'), paths: require('../tsconfig.json').compilerOptions.paths });
