/**
 * Loads a package that ships ES modules only (jose, openid-client) from our CommonJS build: a real
 * `import()`, which tsc would otherwise rewrite into a `require()` — and which Jest's module
 * registry, unlike Node's, cannot satisfy with one. The function's source carries a nonce: V8 caches
 * compiled `new Function` code by its source, with the import context of its first compilation, so
 * a second Jest test file in the same worker would otherwise import through the first one's
 * (torn-down) environment.
 */
import { randomUUID } from 'node:crypto';

const dynamicImport = new Function('specifier', `return import(specifier); // ${randomUUID()}`) as (specifier: string) => Promise<unknown>;

export const importEsm = <T>(specifier: string): Promise<T> => dynamicImport(specifier) as Promise<T>;
