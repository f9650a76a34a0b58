// The development Hrana server (scripts/hrana-server.ts) driven by the client the Worker uses,
// `@libsql/client/web`, with the real migrations and the app's schema.
import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/web';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/lib/server/db/schema';
import { startHranaServer, type HranaServer } from '../../scripts/hrana-server';

let server: HranaServer;
let client: Client;
let db: ReturnType<typeof drizzle<typeof schema>>;

beforeAll(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'acquit-hrana-'));
	server = await startHranaServer({ file: join(dir, 'edge.db'), port: 0 });
	client = createClient({ url: server.url });
	db = drizzle(client, { schema });
	await migrate(db, { migrationsFolder: 'drizzle' });
});

afterAll(async () => {
	client?.close();
	await server?.close();
});

const company = (id: string) => ({ id, name: `Company ${id}`, defaultLocale: 'fr' as const });

describe('hrana dev server', () => {
	it('answers health and version checks', async () => {
		expect((await fetch(`${server.url}/health`)).status).toBe(200);
		expect(await (await fetch(`${server.url}/version`)).text()).toMatch(/hrana-dev/);
	});

	it('has applied the real migrations', async () => {
		const tables = await client.execute(
			"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
		);
		const names = tables.rows.map((r) => r.name);
		expect(names).toEqual(expect.arrayContaining(['companies', 'users', 'sessions', 'files']));
		const applied = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
		expect(Number(applied.rows[0].n)).toBeGreaterThan(0);
	});

	it('inserts and selects through drizzle, with column names and decltypes', async () => {
		await db.insert(schema.companies).values(company('c1'));
		const [row] = await db.select().from(schema.companies).where(eq(schema.companies.id, 'c1'));
		expect(row.name).toBe('Company c1');
		expect(row.createdAt).toBeInstanceOf(Date);
		expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

		const rs = await client.execute({
			sql: 'SELECT id, name FROM companies WHERE id = ?',
			args: ['c1']
		});
		expect(rs.columns).toEqual(['id', 'name']);
		expect(rs.columnTypes).toEqual(['TEXT', 'TEXT']);
	});

	it('encodes every value type both ways', async () => {
		const big = 9007199254740993n; // beyond 2^53: must travel as a string
		const values = await client.execute({
			sql: 'SELECT ? AS i, ? AS f, ? AS t, ? AS b, ? AS n',
			args: [7n, 1.25, 'héllo ☕', new Uint8Array([0, 1, 254, 255]), null]
		});
		const intClient = createClient({ url: server.url, intMode: 'bigint' });
		const asBigint = await intClient.execute({ sql: 'SELECT ? AS i', args: [big] });
		intClient.close();
		expect(asBigint.rows[0].i).toBe(big);
		const [r] = values.rows;
		expect(r.i).toBe(7);
		expect(values.columnTypes).toEqual(['', '', '', '', '']);
		expect(r.f).toBe(1.25);
		expect(r.t).toBe('héllo ☕');
		expect(new Uint8Array(r.b as ArrayBuffer)).toEqual(new Uint8Array([0, 1, 254, 255]));
		expect(r.n).toBeNull();

		const named = await client.execute({
			sql: "SELECT :a AS a, @b AS b, $c AS c, :a || '-' AS again",
			args: { a: 'x', b: 2, c: null }
		});
		expect(named.rows[0]).toMatchObject({ a: 'x', b: 2, c: null, again: 'x-' });
	});

	it('stores and reads blobs (uploaded files)', async () => {
		const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
		await db.insert(schema.files).values({
			id: 'f1',
			companyId: 'c1',
			contentType: 'image/png',
			size: data.length,
			data
		});
		const [file] = await db.select().from(schema.files).where(eq(schema.files.id, 'f1'));
		expect(Buffer.compare(Buffer.from(file.data), data)).toBe(0);
	});

	it('reports rowsAffected and lastInsertRowid', async () => {
		await client.execute('CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER)');
		const ins = await client.execute({
			sql: 'INSERT INTO counters (n) VALUES (?), (?)',
			args: [1, 2]
		});
		expect(ins.rowsAffected).toBe(2);
		expect(ins.lastInsertRowid).toBe(2n);
		const upd = await client.execute('UPDATE counters SET n = n + 10');
		expect(upd.rowsAffected).toBe(2);
		const returning = await client.execute('INSERT INTO counters (n) VALUES (3) RETURNING id, n');
		expect(returning.rows[0]).toMatchObject({ id: 3, n: 3 });
		expect(returning.rowsAffected).toBe(1);
		expect(returning.lastInsertRowid).toBe(3n);
		// A plain SELECT changes nothing, whatever the statement before it did.
		const sel = await client.execute('SELECT * FROM counters');
		expect(sel.rowsAffected).toBe(0);
		const del = await db.delete(schema.companies).where(eq(schema.companies.id, 'nope'));
		expect(del.rowsAffected).toBe(0);
	});

	it('runs a batch as one transaction, rolled back as a whole on error', async () => {
		const results = await client.batch(
			[
				{ sql: 'INSERT INTO companies (id, name) VALUES (?, ?)', args: ['c2', 'Two'] },
				{ sql: 'SELECT count(*) AS n FROM companies WHERE id = ?', args: ['c2'] }
			],
			'write'
		);
		expect(results[0].rowsAffected).toBe(1);
		expect(results[1].rows[0].n).toBe(1);

		const failing = client.batch(
			[
				{ sql: 'INSERT INTO companies (id, name) VALUES (?, ?)', args: ['c3', 'Three'] },
				{ sql: 'INSERT INTO companies (id, name) VALUES (?, ?)', args: ['c2', 'Duplicate'] }
			],
			'write'
		);
		await expect(failing).rejects.toThrow(/UNIQUE constraint failed: companies.id/);
		const c3 = await client.execute("SELECT count(*) AS n FROM companies WHERE id = 'c3'");
		expect(c3.rows[0].n).toBe(0);
	});

	it('gives SQLite error codes and messages', async () => {
		const err = await client.execute('SELEC nonsense').catch((e: unknown) => e);
		expect(err).toBeInstanceOf(LibsqlError);
		expect((err as LibsqlError).code).toBe('SQLITE_ERROR');
		expect((err as LibsqlError).message).toMatch(/syntax error/);
		const fk = await client
			.execute({
				sql: 'INSERT INTO users (id, company_id, email, name, password_hash) VALUES (?, ?, ?, ?, ?)',
				args: ['u0', 'no-such-company', 'x@example.test', 'X', 'h']
			})
			.catch((e: unknown) => e as LibsqlError);
		expect((fk as LibsqlError).code).toMatch(/^SQLITE_CONSTRAINT/);
	});

	it('keeps an interactive transaction on its stream and rolls it back', async () => {
		const tx = await client.transaction('write');
		await tx.execute({ sql: 'INSERT INTO companies (id, name) VALUES (?, ?)', args: ['t1', 'Tx'] });
		const inside = await tx.execute("SELECT count(*) AS n FROM companies WHERE id = 't1'");
		expect(inside.rows[0].n).toBe(1);
		// Another stream waits for the transaction instead of seeing its uncommitted row.
		const outside = client.execute("SELECT count(*) AS n FROM companies WHERE id = 't1'");
		await tx.rollback();
		expect((await outside).rows[0].n).toBe(0);
		expect(tx.closed).toBe(true);
	});

	it('commits an interactive transaction (drizzle) and rolls back a failed one', async () => {
		await db.transaction(async (t) => {
			await t.insert(schema.companies).values(company('t2'));
			await t.update(schema.companies).set({ city: 'Gent' }).where(eq(schema.companies.id, 't2'));
		});
		const [t2] = await db.select().from(schema.companies).where(eq(schema.companies.id, 't2'));
		expect(t2.city).toBe('Gent');

		await expect(
			db.transaction(async (t) => {
				await t.insert(schema.companies).values(company('t3'));
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		const t3 = await db.select().from(schema.companies).where(eq(schema.companies.id, 't3'));
		expect(t3).toEqual([]);
	});

	it('runs drizzle batches and multi-statement scripts', async () => {
		const [, counted] = await db.batch([
			db.insert(schema.companies).values(company('b1')),
			db.select({ n: sql<number>`count(*)` }).from(schema.companies)
		]);
		expect(counted[0].n).toBeGreaterThanOrEqual(3);
		await client.executeMultiple(
			'CREATE TABLE multi (a); INSERT INTO multi VALUES (1); INSERT INTO multi VALUES (2);'
		);
		expect((await client.execute('SELECT sum(a) AS s FROM multi')).rows[0].s).toBe(3);
	});

	it('refuses an unknown baton with a Hrana error', async () => {
		const res = await fetch(`${server.url}/v2/pipeline`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ baton: 'stale', requests: [{ type: 'close' }] })
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ code: 'STREAM_EXPIRED' });
	});

	it('speaks the raw v3 protocol: describe, store_sql, get_autocommit, batch conditions', async () => {
		const post = async (baton: string | null, requests: unknown[]) => {
			const res = await fetch(`${server.url}/v3/pipeline`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ baton, requests })
			});
			expect(res.headers.get('content-type')).toBe('application/json');
			return res.json();
		};
		const first = await post(null, [
			{ type: 'describe', sql: 'SELECT id FROM companies WHERE id = ?1 OR name = :name' },
			{ type: 'store_sql', sql_id: 1, sql: 'SELECT ? + 1 AS next' },
			{
				type: 'execute',
				stmt: { sql_id: 1, args: [{ type: 'integer', value: '41' }], want_rows: true }
			},
			{ type: 'sequence', sql: 'BEGIN' },
			{ type: 'get_autocommit' }
		]);
		expect(first.baton).toEqual(expect.any(String));
		const [describe, store, exec, , autocommit] = first.results;
		expect(describe.response.result).toEqual({
			params: [{ name: '?1' }, { name: ':name' }],
			cols: [{ name: 'id', decltype: 'TEXT' }],
			is_explain: false,
			is_readonly: true
		});
		expect(store).toEqual({ type: 'ok', response: { type: 'store_sql' } });
		expect(exec.response.result.rows).toEqual([[{ type: 'integer', value: '42' }]]);
		expect(exec.response.result.cols).toEqual([{ name: 'next', decltype: null }]);
		expect(autocommit.response).toEqual({ type: 'get_autocommit', is_autocommit: false });

		const second = await post(first.baton, [
			{
				type: 'batch',
				batch: {
					steps: [
						{ stmt: { sql: 'SELECT 1 AS one' } },
						{ stmt: { sql: 'SELECT nope FROM nowhere' } },
						{ condition: { type: 'error', step: 1 }, stmt: { sql: "SELECT x'CAFE' AS b" } },
						{ condition: { type: 'ok', step: 1 }, stmt: { sql: 'SELECT 2' } },
						{
							condition: { type: 'not', cond: { type: 'is_autocommit' } },
							stmt: { sql: 'ROLLBACK' }
						},
						{ condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 2.5 AS f' } }
					]
				}
			},
			{ type: 'close_sql', sql_id: 1 },
			{ type: 'describe', sql: 'INSERT INTO multi VALUES (?)' },
			{ type: 'close' }
		]);
		expect(second.baton).toBeNull();
		const batch = second.results[0].response.result;
		expect(batch.step_results[0].rows).toEqual([[{ type: 'integer', value: '1' }]]);
		expect(batch.step_errors[1]).toMatchObject({ message: expect.stringMatching(/no such table/) });
		expect(batch.step_results[2].rows).toEqual([[{ type: 'blob', base64: 'yv4=' }]]);
		expect(batch.step_results[3]).toBeNull();
		expect(batch.step_errors[3]).toBeNull();
		expect(batch.step_results[4]).not.toBeNull();
		expect(batch.step_results[5].rows).toEqual([[{ type: 'float', value: 2.5 }]]);
		expect(second.results[2].response.result.is_readonly).toBe(false);
		expect(second.results[3]).toEqual({ type: 'ok', response: { type: 'close' } });
	});

	it('rolls back the transaction of a stream that is closed mid-transaction', async () => {
		const post = (baton: string | null, requests: unknown[]) =>
			fetch(`${server.url}/v2/pipeline`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ baton, requests })
			}).then((r) => r.json());
		const open = await post(null, [
			{ type: 'execute', stmt: { sql: 'BEGIN' } },
			{ type: 'execute', stmt: { sql: "INSERT INTO companies (id, name) VALUES ('gone', 'Gone')" } }
		]);
		await post(open.baton, [{ type: 'close' }]);
		const rs = await client.execute("SELECT count(*) AS n FROM companies WHERE id = 'gone'");
		expect(rs.rows[0].n).toBe(0);
	});
});
