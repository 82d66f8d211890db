// Writes web/src/api/schema.d.ts from main's OpenAPI document (after `npm run build`).
import { writeFileSync } from 'node:fs';
import { apiTypes, fetchOpenApi, SCHEMA_FILE } from '../dist/test/support/api-types.js';

const text = await apiTypes(await fetchOpenApi());
writeFileSync(new URL(`../${SCHEMA_FILE}`, import.meta.url), text);
console.log(`wrote ${SCHEMA_FILE} (${text.length} characters)`);
