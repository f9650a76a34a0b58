import type { Ctx, Reply } from './http.ts';
import { docs, hal, link } from './http.ts';
import { MollieError } from './errors.ts';
import { authenticate, requireScope } from './auth.ts';
import type { Sandbox } from './core.ts';
import { iso } from './clock.ts';
import type { Organization, Profile } from './types.ts';
import { paginate } from './pagination.ts';

export function organizationJson(sb: Sandbox, o: Organization) {
	return {
		resource: 'organization',
		id: o.id,
		name: o.name,
		email: o.email,
		locale: o.locale,
		address: o.address,
		registrationNumber: o.registrationNumber,
		vatNumber: o.vatNumber,
		vatRegulation: o.vatRegulation,
		_links: {
			self: link(`${sb.baseUrl}/v2/organizations/${o.id}`),
			dashboard: link(`${sb.baseUrl}/dashboard/org/${o.id}`, 'text/html'),
			documentation: docs('get-organization')
		}
	};
}

export function profileJson(sb: Sandbox, p: Profile, mode: 'live' | 'test') {
	return {
		resource: 'profile',
		id: p.id,
		mode,
		name: p.name,
		website: p.website,
		email: p.email,
		phone: p.phone,
		description: p.description,
		countriesOfActivity: p.countriesOfActivity,
		businessCategory: p.businessCategory,
		status: p.status,
		createdAt: iso(p.createdAt),
		_links: {
			self: link(`${sb.baseUrl}/v2/profiles/${p.id}`),
			dashboard: link(`${sb.baseUrl}/dashboard/profiles/${p.id}`, 'text/html'),
			payments: link(`${sb.baseUrl}/v2/payments?profileId=${p.id}`),
			refunds: link(`${sb.baseUrl}/v2/refunds?profileId=${p.id}`),
			chargebacks: link(`${sb.baseUrl}/v2/chargebacks?profileId=${p.id}`),
			methods: link(`${sb.baseUrl}/v2/methods?profileId=${p.id}`),
			checkoutPreviewUrl: link(`${sb.baseUrl}/checkout/preview/${p.id}`, 'text/html'),
			documentation: docs('get-profile')
		}
	};
}

function orgAuth(sb: Sandbox, ctx: Ctx, scope: string) {
	const auth = authenticate(sb, ctx);
	requireScope(auth, scope);
	return auth;
}

/** GET /v2/organizations/me */
export function getCurrentOrganization(sb: Sandbox, ctx: Ctx): Reply {
	return hal(200, organizationJson(sb, orgAuth(sb, ctx, 'organizations.read').organization));
}

/** GET /v2/organizations/:id — only the token's own organization. */
export function getOrganization(sb: Sandbox, ctx: Ctx): Reply {
	const auth = orgAuth(sb, ctx, 'organizations.read');
	if (ctx.params[0] !== auth.organization.id) {
		throw new MollieError(404, `No organization exists with token ${ctx.params[0]}.`);
	}
	return hal(200, organizationJson(sb, auth.organization));
}

/** GET /v2/onboarding/me */
export function getOnboarding(sb: Sandbox, ctx: Ctx): Reply {
	const o = orgAuth(sb, ctx, 'onboarding.read').organization;
	return hal(200, {
		resource: 'onboarding',
		name: o.name,
		signedUpAt: iso(o.signedUpAt),
		status: o.onboardingStatus,
		canReceivePayments: o.canReceivePayments,
		canReceiveSettlements: o.canReceiveSettlements,
		_links: {
			self: link(`${sb.baseUrl}/v2/onboarding/me`),
			dashboard: link(`${sb.baseUrl}/dashboard/onboarding`, 'text/html'),
			organization: link(`${sb.baseUrl}/v2/organizations/${o.id}`),
			documentation: docs('get-onboarding-status')
		}
	});
}

/** GET /v2/profiles (paginated) */
export function listProfiles(sb: Sandbox, ctx: Ctx): Reply {
	const auth = orgAuth(sb, ctx, 'profiles.read');
	const items = sb.store.state.profiles
		.filter((p) => p.organizationId === auth.organization.id)
		.map((p, i) => ({ ...p, seq: i }));
	// Profiles are listed oldest first (Mollie's order for this endpoint).
	if (!ctx.url.searchParams.has('sort')) ctx.url.searchParams.set('sort', 'asc');
	const page = paginate(
		sb,
		ctx,
		items,
		'profiles',
		(p) => profileJson(sb, p, 'live'),
		'list-profiles'
	);
	return hal(200, page);
}

/** GET /v2/profiles/:id */
export function getProfile(sb: Sandbox, ctx: Ctx): Reply {
	const auth = orgAuth(sb, ctx, 'profiles.read');
	const p = sb.store.state.profiles.find(
		(x) => x.id === ctx.params[0] && x.organizationId === auth.organization.id
	);
	if (!p) throw new MollieError(404, `No profile exists with token ${ctx.params[0]}.`);
	return hal(200, profileJson(sb, p, 'live'));
}
