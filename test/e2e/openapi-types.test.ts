/**
 * The console's API types (`web/src/api/schema.d.ts`) are generated from main's OpenAPI
 * document, which main builds from the same schemas that validate every request. This fails
 * when a route's path, parameters or body changed and `npm run gen:api` was not run, so the
 * console cannot drift from the API unnoticed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { apiTypes, fetchOpenApi, SCHEMA_FILE } from '../support/api-types.js';

void describe("the console's API types", () => {
  void it('match the OpenAPI document main serves', async () => {
    const doc = await fetchOpenApi();
    const paths = Object.keys(doc['paths'] as Record<string, unknown>);
    assert.ok(paths.length > 60, `main describes its routes (${paths.length})`);
    const committed = readFileSync(new URL(`../../../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    const current = await apiTypes(doc);
    assert.ok(committed === current, `${SCHEMA_FILE} is out of date: run \`npm run gen:api\` and commit it`);
  });
});
