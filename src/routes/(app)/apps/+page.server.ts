import { redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { formMessage, parseForm } from '$lib/server/forms';
import { text } from '$lib/server/formFields';
import { baseUrlProblem, mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import {
	activate,
	canConfigureMollie,
	deactivate,
	disconnect,
	getConnectionSummary,
	refreshAccount,
	setMode,
	startOAuth
} from '$lib/server/mollie/connection';
import { requireConfigurer } from './guard.server';
import type { Actions, PageServerLoad } from './$types';

const NOTICES = [
	'connected',
	'saved',
	'cancelled',
	'state',
	'code',
	'unavailable',
	'failed',
	'forbidden',
	'disconnected'
] as const;
export type Notice = (typeof NOTICES)[number];

export const load = (async ({ locals, url }) => {
	const enabled = mollieEnabled();
	const raw = url.searchParams.get('mollie');
	const notice = NOTICES.find((n) => n === raw) ?? null;
	// Onboarding may have moved on at Mollie since connecting (at most one read a minute).
	if (enabled) await refreshAccount(getDb(), mollieConfig(), locals.company!.id);
	const connection = enabled ? await getConnectionSummary(getDb(), locals.company!.id) : null;
	return {
		enabled,
		canConfigure: canConfigureMollie(locals.user?.role),
		connection,
		notice,
		// Live mode needs a public https PUBLIC_BASE_URL (Mollie calls the webhook there).
		baseUrlProblem:
			connection?.status === 'connected' && connection.mode === 'live'
				? baseUrlProblem(mollieConfig().publicBaseUrl)
				: null
	};
}) satisfies PageServerLoad;

/** The mode switch's one field (a hidden input: anything else is a hand-made post). */
const modeSchema = () =>
	z.object({ mode: z.enum(['test', 'live'], { error: () => m.val_mollie_mode() }) });

/** Connect's one optional field: start on Mollie's sign-up page rather than its log-in. */
const connectSchema = () => z.object({ landing: text() });

/** Every action changes the connection: owner/admin only, and Mollie must be set up here. */
function setup(locals: App.Locals) {
	const who = requireConfigurer(locals);
	if (!mollieEnabled()) redirect(303, '/apps');
	return { ...who, config: mollieConfig(), db: getDb() };
}

export const actions = {
	activate: async ({ locals }) => {
		const { db, company } = setup(locals);
		await activate(db, company.id);
		redirect(303, '/apps');
	},
	deactivate: async ({ locals }) => {
		const { db, config, company } = setup(locals);
		const result = await deactivate(db, config, company.id);
		if (!result.ok) return formMessage(503, m.mollie_notice_disconnect_unavailable());
		redirect(303, '/apps');
	},
	// Configure and Reconnect: off to Mollie's authorize page with a fresh, session-bound state.
	// "Create a Mollie account" is the same flow, starting on Mollie's sign-up page.
	connect: async ({ locals, request }) => {
		const { db, config, company, session } = setup(locals);
		const form = parseForm(connectSchema(), await request.formData().catch(() => new FormData()));
		await activate(db, company.id);
		const url = await startOAuth(db, config, {
			sessionId: session.id,
			companyId: company.id,
			locale: getLocale(),
			signup: form.ok && form.data.landing === 'signup'
		});
		redirect(303, url);
	},
	mode: async ({ locals, request }) => {
		const { db, company } = setup(locals);
		const form = parseForm(modeSchema(), await request.formData());
		if (!form.ok) return formMessage(400, form.errors.mode ?? form.errors.form!, form.values);
		await setMode(db, company.id, form.data.mode);
		redirect(303, '/apps');
	},
	disconnect: async ({ locals }) => {
		const { db, config, company } = setup(locals);
		const result = await disconnect(db, config, company.id);
		if (!result.ok) return formMessage(503, m.mollie_notice_disconnect_unavailable());
		redirect(303, '/apps?mollie=disconnected');
	}
} satisfies Actions;
