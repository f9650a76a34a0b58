import type { Client, InArgs, InStatement } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';

export interface Recorded {
	sql: string;
	args: InArgs;
}

/**
 * The app's drizzle database over a client that records every statement and counts round trips
 * (one per execute, one per batch, however many statements it carries), as a remote Turso would
 * see them. Transactions count one per statement and one each for begin and commit.
 */
export function recordingDb(client: Client) {
	const state = { statements: [] as Recorded[], roundTrips: 0 };
	const record = (stmt: InStatement, args?: InArgs) => {
		state.statements.push(
			typeof stmt === 'string'
				? { sql: stmt, args: args ?? [] }
				: { sql: stmt.sql, args: stmt.args ?? [] }
		);
	};
	const proxy = new Proxy(client, {
		get(target, key) {
			if (key === 'execute') {
				return (stmt: InStatement, args?: InArgs) => {
					state.roundTrips++;
					record(stmt, args);
					return args === undefined ? target.execute(stmt) : target.execute(stmt as string, args);
				};
			}
			if (key === 'batch') {
				return (stmts: InStatement[], mode?: Parameters<Client['batch']>[1]) => {
					state.roundTrips++;
					stmts.forEach((s) => record(s));
					return target.batch(stmts, mode);
				};
			}
			const value = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
	const db = drizzle(proxy as Client, { schema }) as unknown as Db;
	return {
		db,
		state,
		reset() {
			state.statements = [];
			state.roundTrips = 0;
		}
	};
}
