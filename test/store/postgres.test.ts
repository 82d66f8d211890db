import { PostgresDatabase } from '../../src/store/postgres.js';
import { scratchDatabase } from '../support/pg.js';
import { defineStoreContract } from './contract.js';

// A scratch database per test on the server of PALISADE_PG_URL. Never skipped: without a
// server, scratchDatabase throws and every test fails.
defineStoreContract('PostgreSQL', async () => {
  const scratch = await scratchDatabase('palisade_store');
  let db: PostgresDatabase;
  try {
    db = await PostgresDatabase.open(scratch.url);
  } catch (err) {
    await scratch.drop();
    throw err;
  }
  return {
    db,
    cleanup: async () => {
      await db.close();
      await scratch.drop();
    },
  };
});
