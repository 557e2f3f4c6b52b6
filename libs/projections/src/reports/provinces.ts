/**
 * Province filters and grouping across the 2025 merger (63 → 34). Events keep the code of their
 * time; a filter names a unit of the query's scheme: a historic code matches itself, a 2025 unit
 * matches every code that maps to it.
 */
import { mapToScheme, PROVINCES_2004, PROVINCES_2025 } from '@app/domain';

export type Scheme = '2004' | '2025';

/** The stored province codes a filter selects; undefined = no filter. */
export function provinceCodesFor(code: string | undefined, scheme: Scheme = '2004'): string[] | undefined {
  if (code === undefined) return undefined;
  if (scheme === '2004') return [code];
  const all = new Set([...Object.keys(PROVINCES_2004), ...Object.keys(PROVINCES_2025)]);
  return [...all].filter((candidate) => unitOf(candidate, '2025') === code);
}

/** The unit of `scheme` a stored code belongs to (an unknown code stays itself). */
export function unitOf(code: string, scheme: Scheme): string {
  try {
    return mapToScheme(code, scheme) ?? code;
  } catch {
    return code;
  }
}
