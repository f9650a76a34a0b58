import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Applies the reviewed SQL migrations in drizzle/ to the database at `url`. */
export async function migrateDatabase(url: string, authToken?: string): Promise<void> {
	if (url.startsWith('file:')) {
		const path = url.slice('file:'.length);
		if (path && path !== ':memory:') mkdirSync(dirname(resolve(root, path)), { recursive: true });
	}
	const client = createClient({ url, authToken });
	try {
		await migrate(drizzle(client), { migrationsFolder: resolve(root, 'drizzle') });
	} finally {
		client.close();
	}
}
