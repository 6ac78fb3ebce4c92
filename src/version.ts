import { createRequire } from 'node:module';

/** pgdrill's own version, from package.json, recorded in every result. */
export const HARNESS_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
