import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { journalPicks } from '$lib/server/formFields';
import { parseForm } from '$lib/server/forms';
import { listJournals } from '$lib/server/invoicing/journals';
import {
	getConnectionSummary,
	listCachedProfiles,
	refreshAccount,
	saveJournalProfiles
} from '$lib/server/mollie/connection';
import { requireConfigurer } from '../guard.server';
import { hasScope, mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import { profileTerminals, saveJournalTerminals } from '$lib/server/mollie/collect';
import { logMollieError } from '$lib/server/mollie/errors';
import type { MollieTerminal } from '$lib/server/mollie/terminals';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const { company } = requireConfigurer(locals);
	const db = getDb();
	// Profiles and onboarding may have changed at Mollie (at most one read a minute).
	if (mollieEnabled()) await refreshAccount(db, mollieConfig(), company.id);
	const connection = await getConnectionSummary(db, company.id);
	if (connection?.status !== 'connected') redirect(303, '/apps');
	const journals = await listJournals(db, company.id);
	// Point of sale (issue 15): the terminals of each profile a journal uses, asked from Mollie
	// now (the owner is looking at them); a connection made before `terminals.read` can't.
	const terminalsScope = hasScope(connection.scope, 'terminals.read');
	const terminals: Record<string, MollieTerminal[]> = {};
	let terminalsUnavailable = false;
	if (terminalsScope) {
		const used = [...new Set(journals.map((j) => j.mollieProfileId).filter((p) => p !== null))];
		try {
			for (const profileId of used) {
				terminals[profileId] = await profileTerminals(db, mollieConfig(), company.id, profileId, {
					fresh: true
				});
			}
		} catch (err) {
			logMollieError('list terminals for the Mollie page', err);
			terminalsUnavailable = true;
		}
	}
	return {
		connection,
		profiles: await listCachedProfiles(db, company.id),
		journals: journals.map((j) => ({
			id: j.id,
			name: j.name,
			profileId: j.mollieProfileId,
			terminalId: j.mollieTerminalId
		})),
		terminalsScope,
		terminals,
		terminalsUnavailable,
		justConnected: url.searchParams.has('connected'),
		terminalsSaved: url.searchParams.has('terminals')
	};
}) satisfies PageServerLoad;

/** The form's pick per journal (`<prefix>_<journal id>`): an id or null each, or the refusal. */
async function readPicks(companyId: string, prefix: string, request: Request, error: () => string) {
	const journals = await listJournals(getDb(), companyId);
	const form = parseForm(journalPicks(prefix, journals, error), await request.formData());
	if (!form.ok) return { refusal: fail(400, { values: form.values, errors: form.errors }) };
	const picks = journals.map((j) => ({
		journalId: j.id,
		id: form.data[`${prefix}_${j.id}`] || null
	}));
	return { values: form.values, picks };
}

export const actions = {
	profiles: async ({ locals, request }) => {
		const { company } = requireConfigurer(locals);
		const db = getDb();
		const read = await readPicks(company.id, 'profile', request, () => m.mollie_profile_invalid());
		if (read.refusal) return read.refusal;
		const { values } = read;
		const assignments = read.picks.map((p) => ({ journalId: p.journalId, profileId: p.id }));
		const result = await saveJournalProfiles(db, company.id, assignments);
		if (!result.ok) {
			const errors = Object.fromEntries(
				result.invalid.map((id) => [`profile_${id}`, m.mollie_profile_invalid()])
			);
			return fail(400, { values, errors });
		}
		redirect(303, '/apps?mollie=saved');
	},
	terminals: async ({ locals, request }) => {
		const { company } = requireConfigurer(locals);
		if (!mollieEnabled()) redirect(303, '/apps');
		const db = getDb();
		const read = await readPicks(company.id, 'terminal', request, () =>
			m.collect_terminal_invalid()
		);
		if (read.refusal) return read.refusal;
		const { values } = read;
		const choices = read.picks.map((p) => ({ journalId: p.journalId, terminalId: p.id }));
		try {
			const result = await saveJournalTerminals(db, mollieConfig(), company.id, choices);
			if (!result.ok) {
				const errors: Record<string, string> = Object.fromEntries(
					result.invalid.map((id) => [`terminal_${id}`, m.collect_terminal_invalid()])
				);
				return fail(400, { values, errors });
			}
		} catch (err) {
			logMollieError('save default terminals', err);
			const errors: Record<string, string> = { terminals: m.collect_err_unavailable() };
			return fail(503, { values, errors });
		}
		redirect(303, '/apps/mollie?terminals=saved');
	}
} satisfies Actions;
