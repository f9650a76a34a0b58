import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as schema from '../../src/lib/server/db/schema';
import { migrateDatabase } from '../../scripts/lib/db';

/** A fresh embedded libSQL database with the real migrations applied. */
export async function createTestDb() {
	const dir = mkdtempSync(join(tmpdir(), 'acquit-db-'));
	const url = `file:${join(dir, 'test.db')}`;
	await migrateDatabase(url);
	const client = createClient({ url });
	return { url, client, db: drizzle(client, { schema }) };
}
