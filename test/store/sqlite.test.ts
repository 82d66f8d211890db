import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../../src/store/sqlite.js';
import { defineStoreContract } from './contract.js';

// A file in a fresh folder, not ':memory:': the contract covers WAL mode and the real file path.
defineStoreContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-store-'));
  const db = SqliteDatabase.open(join(dir, 'store.db'));
  return Promise.resolve({
    db,
    cleanup: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
