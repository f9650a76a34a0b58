import { onboardingGet } from 'mollie-api-typescript/funcs/onboardingGet.js';
import { organizationsGetCurrent } from 'mollie-api-typescript/funcs/organizationsGetCurrent.js';
import { profilesList } from 'mollie-api-typescript/funcs/profilesList.js';
import { mollieClient } from './client';
import type { MollieConfig } from './config';
import { toMollieError, unwrap } from './errors';

/** What Acquit keeps about a connected Mollie organisation (read right after connecting). */
export interface MollieAccount {
	organization: { id: string; name: string };
	onboarding: { status: string; canReceivePayments: boolean; dashboardUrl: string | null };
	profiles: { id: string; name: string; website: string; status: string }[];
}

/** Reads organisation, onboarding and every page of profiles; any failure throws. */
export async function fetchAccount(
	config: MollieConfig,
	accessToken: string
): Promise<MollieAccount> {
	// Organisation-level endpoints ignore the mode; 'live' keeps `testmode` off the query.
	const client = mollieClient(config, accessToken, 'live');
	const org = unwrap(await organizationsGetCurrent(client));
	const onboarding = unwrap(await onboardingGet(client));
	const profiles: MollieAccount['profiles'] = [];
	// `profiles/me` doesn't work with OAuth tokens: list them, following `next` links.
	for await (const page of await profilesList(client, { limit: 250 })) {
		if (!page.ok) throw toMollieError(page.error);
		for (const p of page.value.result.embedded.profiles) {
			profiles.push({ id: p.id, name: p.name, website: p.website ?? '', status: p.status });
		}
	}
	return {
		organization: { id: org.id, name: org.name },
		onboarding: {
			status: onboarding.status,
			canReceivePayments: onboarding.canReceivePayments,
			dashboardUrl: onboarding.links.dashboard?.href ?? null
		},
		profiles
	};
}
