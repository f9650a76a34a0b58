import { createClient, type Client } from '@libsql/client';
// The `web` driver only wraps a client we hand it; the client itself comes from the
// package's conditional export (native on Node, HTTP-only on workerd), so the Node
// client never reaches the Worker bundle.
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql/web';
import { databaseSettings } from '../config';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema>;

/** What a `db.batch` of the statements T answers, statement by statement. */
export type BatchResults<T extends readonly unknown[]> = {
	-readonly [K in keyof T]: Awaited<T[K]>;
};

let cached: { url: string; db: Db; client: Client } | undefined;

export function databaseUrl(): string {
	return databaseSettings().url;
}

/** Lazily opens the database (env is only readable inside a request on Workers). */
export function getDb(): Db {
	const url = databaseUrl();
	if (cached?.url !== url) {
		const client = createClient({
			url,
			authToken: databaseSettings().authToken,
			// An embedded file may be written by another process too (a migration, the e2e suite's
			// seeding, the bench): wait for its lock instead of failing at once with SQLITE_BUSY.
			// Remote (Turso) clients ignore this.
			timeout: 5000
		});
		cached = { url, client, db: drizzle(client, { schema }) };
	}
	return cached.db;
}
