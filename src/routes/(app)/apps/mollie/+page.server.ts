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
import { mollieConfig, mollieEnabled } from '$lib/server/mollie/config';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const { company } = requireConfigurer(locals);
	const db = getDb();
	// Profiles and onboarding may have changed at Mollie (at most one read a minute).
	if (mollieEnabled()) await refreshAccount(db, mollieConfig(), company.id);
	const connection = await getConnectionSummary(db, company.id);
	if (connection?.status !== 'connected') redirect(303, '/apps');
	const journals = await listJournals(db, company.id);
	return {
		connection,
		profiles: await listCachedProfiles(db, company.id),
		journals: journals.map((j) => ({ id: j.id, name: j.name, profileId: j.mollieProfileId })),
		justConnected: url.searchParams.has('connected')
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, request }) => {
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
	}
} satisfies Actions;
