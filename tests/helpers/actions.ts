import { isRedirect } from '@sveltejs/kit';

/**
 * Driving a route's form actions like Kit does, for integration tests on a real database: the
 * action gets a POST request, a redirect it throws is the success, a value it returns the
 * refusal (`fail(status, data)`).
 */

export type ActionFn = (event: never) => Promise<unknown>;
export type Role = 'owner' | 'admin' | 'member';

/** What a refused action returns: its status and its data (by default the one form shape). */
export type Failure<D = { errors: Record<string, string>; values?: object }> = {
	status: number;
	data: D;
};

/** A signed-in, confirmed user of the company, with a session. */
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

/** Runs a form action like Kit does: a redirect is the success, a returned value a failure. */
export async function postAction<D = Failure['data']>(
	action: ActionFn,
	opts: {
		path: string;
		locals: App.Locals;
		fields?: Record<string, string> | string[][];
		params?: Record<string, string>;
	}
): Promise<{ redirect: string; failure: null } | { redirect: null; failure: Failure<D> }> {
	const url = new URL(`http://127.0.0.1${opts.path}`);
	const body = new URLSearchParams(opts.fields ?? {});
	const request = new Request(url, { method: 'POST', body });
	try {
		const event = { locals: opts.locals, params: opts.params ?? {}, request, url } as never;
		return { redirect: null, failure: (await action(event)) as Failure<D> };
	} catch (err) {
		if (isRedirect(err)) return { redirect: err.location, failure: null };
		throw err;
	}
}
