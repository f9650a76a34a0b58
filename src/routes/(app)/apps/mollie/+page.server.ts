import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
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

export const actions = {
	profiles: async ({ locals, request }) => {
		const { company } = requireConfigurer(locals);
		const db = getDb();
		const form = await request.formData();
		const journals = await listJournals(db, company.id);
		const values: Record<string, string> = {};
		const assignments = journals.map((j) => {
			const value = String(form.get(`profile_${j.id}`) ?? '');
			values[j.id] = value;
			return { journalId: j.id, profileId: value || null };
		});
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
		const form = await request.formData();
		const journals = await listJournals(db, company.id);
		const terminalValues: Record<string, string> = {};
		const choices = journals.map((j) => {
			const value = String(form.get(`terminal_${j.id}`) ?? '');
			terminalValues[j.id] = value;
			return { journalId: j.id, terminalId: value || null };
		});
		try {
			const result = await saveJournalTerminals(db, mollieConfig(), company.id, choices);
			if (!result.ok) {
				const errors: Record<string, string> = Object.fromEntries(
					result.invalid.map((id) => [`terminal_${id}`, m.collect_terminal_invalid()])
				);
				return fail(400, { terminalValues, errors });
			}
		} catch (err) {
			logMollieError('save default terminals', err);
			const errors: Record<string, string> = { terminals: m.collect_err_unavailable() };
			return fail(503, { terminalValues, errors });
		}
		redirect(303, '/apps/mollie?terminals=saved');
	}
} satisfies Actions;
