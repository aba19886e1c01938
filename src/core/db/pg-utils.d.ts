/** node-postgres's own parameter serialiser (pg ships no types for its lib/ files). */
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
