import type { ApiKey, AppConfig, Organization, Profile, Terminal } from './types.ts';

export const DEV_CLIENT_ID = 'app_acquitdev000000000000';
export const DEV_CLIENT_SECRET = 'acquit-dev-secret';
export const DEFAULT_REDIRECT_URIS = [
	'http://localhost:5173/apps/mollie/callback',
	'http://127.0.0.1:5173/apps/mollie/callback',
	'http://127.0.0.1:4173/apps/mollie/callback',
	'http://127.0.0.1:8787/apps/mollie/callback'
];

/** The registered dev app; redirect URIs can be overridden with SANDBOX_REDIRECT_URIS. */
export function defaultApps(env: NodeJS.ProcessEnv = process.env): AppConfig[] {
	const fromEnv = env.SANDBOX_REDIRECT_URIS?.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return [
		{
			id: DEV_CLIENT_ID,
			name: 'Acquit (development)',
			secret: DEV_CLIENT_SECRET,
			redirectUris: fromEnv && fromEnv.length > 0 ? fromEnv : DEFAULT_REDIRECT_URIS,
			allowLocalCallbacks: true
		}
	];
}

/** Stable ids so demos, docs and tests can name them. */
export const SEED = {
	dupont: 'org_dupont0001',
	dupontShop: 'pfl_dupontshop1',
	dupontWeb: 'pfl_dupontweb01',
	studio: 'org_studiomaes1',
	studioProfile: 'pfl_studiomaes1',
	empty: 'org_noprofile01',
	pending: 'org_onboarding1',
	pendingProfile: 'pfl_onboarding1',
	testKey: 'test_dupontShopApiKey00000000000',
	liveKey: 'live_dupontShopApiKey00000000000',
	/** Test-mode terminals: each seeded profile has an active PAX A920 Pro and a Mollie Tap phone. */
	dupontShopTerminal: 'term_dupontshop1PaxA920Pro',
	dupontShopTap: 'term_dupontshop1MollieTap0',
	dupontWebTerminal: 'term_dupontweb01PaxA920Pro',
	dupontWebTap: 'term_dupontweb01MollieTap0',
	studioTerminal: 'term_studiomaes1PaxA920Pro',
	studioTap: 'term_studiomaes1MollieTap0',
	pendingTerminal: 'term_onboarding1PaxA920Pro',
	pendingTap: 'term_onboarding1MollieTap0'
} as const;

const SIGNED_UP = Date.UTC(2024, 0, 15, 9, 0, 0);

export function seedOrganizations(): Organization[] {
	return [
		{
			id: SEED.dupont,
			name: 'Boulangerie Dupont SRL',
			email: 'compta@boulangerie-dupont.be',
			locale: 'fr_BE',
			address: {
				streetAndNumber: 'Rue Haute 12',
				postalCode: '1000',
				city: 'Bruxelles',
				country: 'BE'
			},
			registrationNumber: '0712345678',
			vatNumber: 'BE0712345678',
			vatRegulation: 'shifted',
			onboardingStatus: 'completed',
			canReceivePayments: true,
			canReceiveSettlements: true,
			signedUpAt: SIGNED_UP
		},
		{
			id: SEED.studio,
			name: 'Studio Maes BV',
			email: 'hallo@studiomaes.be',
			locale: 'nl_BE',
			address: {
				streetAndNumber: 'Meir 40',
				postalCode: '2000',
				city: 'Antwerpen',
				country: 'BE'
			},
			registrationNumber: '0798765432',
			vatNumber: 'BE0798765432',
			vatRegulation: 'shifted',
			onboardingStatus: 'completed',
			canReceivePayments: true,
			canReceiveSettlements: true,
			signedUpAt: SIGNED_UP
		},
		{
			id: SEED.empty,
			name: 'Atelier Sans Profil SPRL',
			email: 'info@atelier-sans-profil.be',
			locale: 'fr_BE',
			address: {
				streetAndNumber: 'Place Verte 3',
				postalCode: '4000',
				city: 'Liège',
				country: 'BE'
			},
			registrationNumber: '0711111111',
			vatNumber: 'BE0711111111',
			vatRegulation: 'shifted',
			onboardingStatus: 'completed',
			canReceivePayments: true,
			canReceiveSettlements: true,
			signedUpAt: SIGNED_UP
		},
		{
			id: SEED.pending,
			name: 'Jonge Starter VOF',
			email: 'start@jongestarter.nl',
			locale: 'nl_NL',
			address: {
				streetAndNumber: 'Oudegracht 100',
				postalCode: '3511 AX',
				city: 'Utrecht',
				country: 'NL'
			},
			registrationNumber: '87654321',
			vatNumber: null,
			vatRegulation: 'dutch',
			onboardingStatus: 'needs-data',
			canReceivePayments: false,
			canReceiveSettlements: false,
			signedUpAt: SIGNED_UP
		}
	];
}

export function seedProfiles(): Profile[] {
	const base = { description: '', countriesOfActivity: ['BE'], createdAt: SIGNED_UP };
	return [
		{
			...base,
			id: SEED.dupontShop,
			organizationId: SEED.dupont,
			name: 'Boulangerie Dupont',
			website: 'https://boulangerie-dupont.be',
			email: 'compta@boulangerie-dupont.be',
			phone: '+3221234567',
			businessCategory: 'FOOD_AND_DRINK',
			status: 'verified'
		},
		{
			...base,
			id: SEED.dupontWeb,
			organizationId: SEED.dupont,
			name: 'Dupont Webshop',
			website: 'https://shop.boulangerie-dupont.be',
			email: 'shop@boulangerie-dupont.be',
			phone: '+3221234568',
			businessCategory: 'FOOD_AND_DRINK',
			status: 'verified'
		},
		{
			...base,
			id: SEED.studioProfile,
			organizationId: SEED.studio,
			name: 'Studio Maes',
			website: 'https://studiomaes.be',
			email: 'hallo@studiomaes.be',
			phone: '+3232345678',
			businessCategory: 'OTHER_SERVICES',
			status: 'verified'
		},
		{
			...base,
			id: SEED.pendingProfile,
			organizationId: SEED.pending,
			name: 'Jonge Starter',
			website: 'https://jongestarter.nl',
			email: 'start@jongestarter.nl',
			phone: '+31301234567',
			businessCategory: null,
			countriesOfActivity: ['NL'],
			status: 'unverified'
		}
	];
}

export function seedApiKeys(): ApiKey[] {
	return [
		{ key: SEED.testKey, organizationId: SEED.dupont, profileId: SEED.dupontShop, mode: 'test' },
		{ key: SEED.liveKey, organizationId: SEED.dupont, profileId: SEED.dupontShop, mode: 'live' }
	];
}

/**
 * One active PAX A920 Pro and one Mollie Tap phone per seeded profile, in test mode (Mollie
 * creates a test terminal when point of sale is enabled on a profile), so `npm run dev` has
 * something to list and pay on. Negative `seq`: older than anything created afterwards.
 */
export function seedTerminals(): Record<string, Terminal> {
	const profiles = seedProfiles();
	const out: Record<string, Terminal> = {};
	let seq = -2 * profiles.length;
	for (const p of profiles) {
		const suffix = p.id.slice(4);
		const base = {
			mode: 'test' as const,
			organizationId: p.organizationId,
			profileId: p.id,
			status: 'active' as const,
			currency: 'EUR',
			timezone: 'Europe/Brussels',
			locale: p.countriesOfActivity[0] === 'NL' ? 'nl_NL' : 'fr_BE',
			createdAt: SIGNED_UP,
			updatedAt: SIGNED_UP
		};
		const pax: Terminal = {
			...base,
			id: `term_${suffix}PaxA920Pro`,
			seq: seq++,
			description: `${p.name} — counter`,
			brand: 'PAX',
			model: 'A920Pro',
			serialNumber: `1850${String(Math.abs(seq) * 7919).padStart(6, '0')}`
		};
		const tap: Terminal = {
			...base,
			id: `term_${suffix}MollieTap0`,
			seq: seq++,
			description: `${p.name} — phone (Tap to Pay)`,
			brand: 'Tap',
			model: 'Tap',
			serialNumber: null
		};
		out[pax.id] = pax;
		out[tap.id] = tap;
	}
	return out;
}
