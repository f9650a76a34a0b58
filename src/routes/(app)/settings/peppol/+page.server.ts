import { m } from '$lib/paraglide/messages';
import { enterpriseNumber } from '$lib/domain/peppolId';
import { getDb } from '$lib/server/db';
import { formMessage } from '$lib/server/forms';
import { companies } from '$lib/server/db/schema';
import { AccessPointRefused, AccessPointUnavailable } from '$lib/server/peppol/accessPoint';
import { peppolEnabled } from '$lib/server/peppol/config';
import { accessPoint, checkRegistration } from '$lib/server/peppol/exchange';
import { redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const [c] = await getDb()
		.select({ vatNumber: companies.vatNumber, registeredAt: companies.peppolRegisteredAt })
		.from(companies)
		.where(eq(companies.id, locals.company!.id));
	const ent = c ? enterpriseNumber(c.vatNumber) : null;
	return {
		enabled: peppolEnabled(),
		peppolId: ent ? `0208:${ent}` : null,
		registeredAt: c?.registeredAt ?? null
	};
}) satisfies PageServerLoad;

export const actions = {
	check: async ({ locals }) => {
		if (!peppolEnabled()) return formMessage(503, m.pn_settings_off());
		try {
			const r = await checkRegistration(getDb(), accessPoint(), locals.company!.id);
			if (r.state === 'no_vat') return formMessage(422, m.pn_settings_no_vat());
		} catch (e) {
			if (e instanceof AccessPointUnavailable || e instanceof AccessPointRefused)
				return formMessage(503, m.pn_unavailable());
			throw e;
		}
		redirect(303, '/settings/peppol');
	}
} satisfies Actions;
