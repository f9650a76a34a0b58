import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { createTestDb } from './db';
import { makeCompany } from './invoicing-fixtures';

/**
 * Driving a route's form actions like Kit does, for integration tests on a real database: the
 * action gets a POST request; a redirect it throws is the success, a value it returns the
 * refusal (`fail(status, data)`), an `error()` it throws its status. A test file whose routes call
 * `getDb()` points them at its database:
 *
 *   vi.mock('$lib/server/db', async () => ({ getDb: (await import('../helpers/actions')).testDb }));
 */

export type ActionFn = (event: never) => Promise<unknown>;
export type Role = 'owner' | 'admin' | 'member';

/** What a refused action returns: its status and its data (by default the one form shape). */
export type Failure<D = { errors: Record<string, string>; values?: object }> = {
	status: number;
	data: D;
};

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

/** A signed-in, confirmed user of the company, with a session, as hooks.server.ts leaves it. */
export const signedIn = (companyId: string, role: Role = 'owner') =>
	({
		user: {
			id: 'u',
			email: 'owner@dupont.test',
			name: 'U',
			role,
			emailConfirmedAt: new Date()
		},
		company: { id: companyId, name: 'Atelier Dupont SRL', defaultLocale: 'fr' },
		session: {
			id: 's',
			userId: 'u',
			expiresAt: new Date(Date.now() + 60_000),
			createdAt: new Date()
		}
	}) as unknown as App.Locals;

type Outcome<D> =
	| { redirect: string; failure: null; error: null }
	| { redirect: null; failure: Failure<D>; error: null }
	| { redirect: null; failure: null; error: number };

/** Runs a form action like Kit does: a redirect, a refusal, or the status of a thrown error. */
export async function postAction<D = Failure['data']>(
	action: ActionFn,
	opts: {
		path: string;
		locals: App.Locals;
		fields?: Record<string, string> | string[][];
		params?: Record<string, string>;
	}
): Promise<Outcome<D>> {
	const url = new URL(`http://127.0.0.1${opts.path}`);
	const body = new URLSearchParams(opts.fields ?? {});
	const request = new Request(url, { method: 'POST', body });
	try {
		const event = { locals: opts.locals, params: opts.params ?? {}, request, url } as never;
		return { redirect: null, failure: (await action(event)) as Failure<D>, error: null };
	} catch (err) {
		if (isRedirect(err)) return { redirect: err.location, failure: null, error: null };
		if (isHttpError(err)) return { redirect: null, failure: null, error: err.status };
		throw err;
	}
}
