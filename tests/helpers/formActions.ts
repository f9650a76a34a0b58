import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { createTestDb } from './db';
import { makeCompany } from './invoicing-fixtures';

/**
 * Driving a route's form actions the way SvelteKit does, against a real database: the owner's
 * session, a form post, and what came back. The test file points the app at that database:
 *
 *   vi.mock('$lib/server/db', async () => ({
 *     getDb: (await import('../helpers/formActions')).testDb
 *   }));
 */

let current: Db | null = null;

/** The database of the file's tests (what the mocked `getDb` answers). */
export const testDb = () => current;

/** A fresh database with company A, for the file's tests (opened before them, closed after). */
export function actionDb() {
	const state = {} as { db: Db; a: Awaited<ReturnType<typeof makeCompany>> };
	let close = () => {};
	beforeAll(async () => {
		const created = await createTestDb();
		state.db = current = created.db as Db;
		close = () => created.client.close();
		state.a = await makeCompany(state.db);
	});
	afterAll(() => close());
	return state;
}

/** A signed-in owner of the company, as hooks.server.ts leaves it in `locals`. */
export const ownerLocals = (companyId: string) =>
	({
		user: {
			id: 'u',
			email: 'owner@dupont.test',
			name: 'U',
			role: 'owner',
			emailConfirmedAt: new Date()
		},
		company: { id: companyId, name: 'Atelier Dupont SRL', defaultLocale: 'fr' },
		session: { id: 's' }
	}) as unknown as App.Locals;

export type ActionFn = (event: never) => Promise<unknown>;
export type Failure = { status: number; data: { errors: Record<string, string>; values?: object } };

/**
 * Posts `fields` to an action: a redirect is the success, a returned value a failure (or a
 * re-rendered form), a thrown `error()` its status.
 */
export async function postAction(
	action: ActionFn,
	path: string,
	fields: Record<string, string> | string[][],
	params: Record<string, string>,
	locals: App.Locals
) {
	const url = new URL(`http://127.0.0.1${path}`);
	const request = new Request(url, { method: 'POST', body: new URLSearchParams(fields) });
	try {
		const failure = (await action({ locals, params, request, url } as never)) as Failure;
		return { redirect: null, failure, error: null };
	} catch (err) {
		if (isRedirect(err)) return { redirect: err.location, failure: null, error: null };
		if (isHttpError(err)) return { redirect: null, failure: null, error: err.status };
		throw err;
	}
}
