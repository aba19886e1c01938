/** The one UUID form every id in a path, form or query must have before it reaches a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/** The id in its stored (lower-case) form when it is a UUID; null otherwise (a 404 without a query). */
export const uuidOrNull = (s: string | undefined | null): string | null => (isUuid(s) ? s.toLowerCase() : null);
