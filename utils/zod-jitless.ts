/**
 * Imported before any schema is built, since zod decides at a schema's construction whether to compile
 * it with `new Function`: the extension's pages forbid eval by CSP, so zod must neither compile nor
 * probe for it (the probe alone is reported as a CSP violation, and the stores' reviewers flag it).
 */
import { z } from 'zod';

z.config({ jitless: true });
