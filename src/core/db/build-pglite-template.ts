import { buildTemplate } from './pglite-template.ts';

/** `node --import tsx src/core/db/build-pglite-template.ts` (or its bundle in dist/): builds the PGlite template once. */
await buildTemplate();
