import type { Ctx, Reply } from './http.ts';
import { docs, hal, link } from './http.ts';
import { MollieError } from './errors.ts';
import { authenticate, modeFor, profileFor, requireScope } from './auth.ts';
import type { Sandbox } from './core.ts';
import { convert, money, parseAmount, toJson, type Money } from './money.ts';
import { HOUR, MINUTE, DAY } from './clock.ts';
import type { PaymentStatus } from './types.ts';

export interface MethodSpec {
	id: string;
	description: Record<'en' | 'nl' | 'fr' | 'de', string>;
	/** Minimum and maximum in EUR. */
	min: number;
	max: number;
	/** Supported currencies, or null for every Mollie currency. */
	currencies: string[] | null;
	/** How long an open payment stays open. */
	expiresIn: number;
	/** Extra final-status choices on the test checkout besides paid/failed/canceled/expired/open. */
	extraStatuses: PaymentStatus[];
	recurring: boolean;
	color: string;
}

export const METHODS: MethodSpec[] = [
	{
		id: 'bancontact',
		description: { en: 'Bancontact', nl: 'Bancontact', fr: 'Bancontact', de: 'Bancontact' },
		min: 0.02,
		max: 50000,
		currencies: ['EUR'],
		expiresIn: HOUR,
		extraStatuses: [],
		recurring: true,
		color: '#005498'
	},
	{
		id: 'creditcard',
		description: { en: 'Card', nl: 'Creditcard', fr: 'Carte bancaire', de: 'Kreditkarte' },
		min: 0.01,
		max: 10000,
		currencies: null,
		expiresIn: 30 * MINUTE,
		// Authorized only with captureMode: manual (see payments.ts canTransition).
		extraStatuses: [],
		recurring: true,
		color: '#1a1f36'
	},
	{
		id: 'ideal',
		description: { en: 'iDEAL', nl: 'iDEAL', fr: 'iDEAL', de: 'iDEAL' },
		min: 0.01,
		max: 50000,
		currencies: ['EUR'],
		expiresIn: 15 * MINUTE,
		extraStatuses: [],
		recurring: true,
		color: '#cc0066'
	},
	{
		id: 'kbc',
		description: {
			en: 'KBC/CBC Payment Button',
			nl: 'KBC/CBC-Betaalknop',
			fr: 'Bouton de paiement KBC/CBC',
			de: 'KBC/CBC-Zahlungsbutton'
		},
		min: 0.01,
		max: 50000,
		currencies: ['EUR'],
		expiresIn: HOUR,
		extraStatuses: [],
		recurring: true,
		color: '#00aeef'
	},
	{
		id: 'belfius',
		description: {
			en: 'Belfius Pay Button',
			nl: 'Belfius Direct Net',
			fr: 'Belfius Direct Net',
			de: 'Belfius'
		},
		min: 0.01,
		max: 50000,
		currencies: ['EUR'],
		expiresIn: HOUR,
		extraStatuses: [],
		recurring: true,
		color: '#c30045'
	},
	{
		id: 'paypal',
		description: { en: 'PayPal', nl: 'PayPal', fr: 'PayPal', de: 'PayPal' },
		min: 0.01,
		max: 8000,
		currencies: null,
		expiresIn: 72 * HOUR,
		extraStatuses: ['pending'],
		recurring: true,
		color: '#003087'
	},
	{
		id: 'banktransfer',
		description: {
			en: 'Bank transfer',
			nl: 'Overboeking',
			fr: 'Virement bancaire',
			de: 'Überweisung'
		},
		min: 0.01,
		max: 1000000,
		currencies: ['EUR'],
		expiresIn: 12 * DAY,
		extraStatuses: ['pending'],
		recurring: false,
		color: '#4a4a4a'
	},
	{
		id: 'przelewy24',
		description: { en: 'Przelewy24', nl: 'Przelewy24', fr: 'Przelewy24', de: 'Przelewy24' },
		min: 0.01,
		max: 12815,
		currencies: ['EUR', 'PLN'],
		expiresIn: 30 * MINUTE,
		extraStatuses: [],
		recurring: false,
		color: '#d13239'
	}
];

export const METHOD_IDS = METHODS.map((m) => m.id);

export const LOCALES = [
	'en_US',
	'en_GB',
	'nl_NL',
	'nl_BE',
	'de_DE',
	'de_AT',
	'de_CH',
	'fr_FR',
	'fr_BE',
	'es_ES',
	'ca_ES',
	'pt_PT',
	'it_IT',
	'nb_NO',
	'sv_SE',
	'fi_FI',
	'da_DK',
	'is_IS',
	'hu_HU',
	'pl_PL',
	'lv_LV',
	'lt_LT'
];

export function methodSpec(id: string): MethodSpec | undefined {
	return METHODS.find((m) => m.id === id);
}

export function supportsAmount(spec: MethodSpec, amount: Money): boolean {
	if (spec.currencies && !spec.currencies.includes(amount.currency)) return false;
	const min = convert(money('EUR', spec.min), amount.currency);
	const max = convert(money('EUR', spec.max), amount.currency);
	return amount.minor >= Math.max(1, min.minor) && amount.minor <= max.minor;
}

export function describe(spec: MethodSpec, locale: string | null): string {
	const lang = (locale ?? 'en').slice(0, 2);
	return lang === 'nl' || lang === 'fr' || lang === 'de'
		? spec.description[lang]
		: spec.description.en;
}

export function methodImageUrl(sb: Sandbox, id: string): string {
	return `${sb.baseUrl}/external/icons/payment-methods/${id}.svg`;
}

function methodJson(
	sb: Sandbox,
	spec: MethodSpec,
	currency: string,
	locale: string | null,
	status: string
) {
	const min = convert(money('EUR', spec.min), currency);
	const max = convert(money('EUR', spec.max), currency);
	const svg = methodImageUrl(sb, spec.id);
	return {
		resource: 'method',
		id: spec.id,
		description: describe(spec, locale),
		minimumAmount: toJson({ currency, minor: Math.max(1, min.minor) }),
		maximumAmount: toJson(max),
		image: { size1x: svg, size2x: svg, svg },
		status,
		_links: { self: link(`${sb.baseUrl}/v2/methods/${spec.id}`), documentation: docs('get-method') }
	};
}

interface MethodQuery {
	amount: Money | null;
	locale: string | null;
	sequenceType: string | null;
}

function parseQuery(ctx: Ctx): MethodQuery {
	const q = ctx.url.searchParams;
	const value = q.get('amount[value]');
	const currency = q.get('amount[currency]');
	let amount: Money | null = null;
	if (value !== null || currency !== null) {
		try {
			amount = parseAmount(
				{ value: value ?? undefined, currency: currency ?? undefined },
				'amount'
			);
		} catch (e) {
			// Query-parameter problems are 400 on list endpoints.
			if (e instanceof MollieError) throw new MollieError(400, e.detail, e.field);
			throw e;
		}
	}
	const locale = q.get('locale');
	if (locale !== null && !LOCALES.includes(locale)) {
		throw new MollieError(400, `The locale '${locale}' is invalid.`, 'locale');
	}
	const sequenceType = q.get('sequenceType');
	if (sequenceType !== null && !['oneoff', 'first', 'recurring'].includes(sequenceType)) {
		throw new MollieError(400, `The sequence type '${sequenceType}' is invalid.`, 'sequenceType');
	}
	return { amount, locale, sequenceType };
}

/** GET /v2/methods — methods enabled for the profile, filtered by amount/currency/sequenceType. */
export function listMethods(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const mode = modeFor(auth, ctx);
	const profile = profileFor(auth, sb, ctx.url.searchParams.get('profileId'));
	const q = parseQuery(ctx);
	const currency = q.amount?.currency ?? 'EUR';
	// Live mode lists only the methods activated on the profile (none until the merchant has
	// activated some and onboarding lets them receive payments); test mode lists them all.
	const live = sb.store.state.activatedMethods[profile.id] ?? [];
	const methods = METHODS.filter(
		(m) => mode === 'test' || (auth.organization.canReceivePayments && live.includes(m.id))
	)
		.filter((m) => {
			if (q.amount) return supportsAmount(m, q.amount);
			return m.currencies === null || m.currencies.includes('EUR');
		})
		.filter((m) => q.sequenceType !== 'first' || m.recurring)
		.map((m) => methodJson(sb, m, currency, q.locale, 'activated'));
	return hal(200, {
		count: methods.length,
		_embedded: { methods },
		_links: {
			self: link(`${sb.baseUrl}${ctx.url.pathname}${ctx.url.search}`),
			documentation: docs('list-methods')
		}
	});
}

/** GET /v2/methods/all — every method Mollie offers, regardless of activation. */
export function listAllMethods(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const q = parseQuery(ctx);
	const currency = q.amount?.currency ?? 'EUR';
	const methods = METHODS.filter((m) => !q.amount || supportsAmount(m, q.amount)).map((m) =>
		methodJson(sb, m, currency, q.locale, 'activated')
	);
	return hal(200, {
		count: methods.length,
		_embedded: { methods },
		_links: { self: link(`${sb.baseUrl}/v2/methods/all`), documentation: docs('list-all-methods') }
	});
}

/** GET /v2/methods/:id */
export function getMethod(sb: Sandbox, ctx: Ctx): Reply {
	const auth = authenticate(sb, ctx);
	requireScope(auth, 'payments.read');
	const spec = methodSpec(ctx.params[0]);
	if (!spec) throw new MollieError(404, `No method exists with id ${ctx.params[0]}.`);
	const q = parseQuery(ctx);
	const currency = q.amount?.currency ?? ctx.url.searchParams.get('currency') ?? 'EUR';
	return hal(200, methodJson(sb, spec, currency, q.locale, 'activated'));
}

/** A small SVG logo per method, so `image.svg` resolves without Internet access. */
export function methodIcon(ctx: Ctx): Reply {
	const id = ctx.params[0].replace(/(@2x)?\.svg$/, '');
	const spec = methodSpec(id);
	if (!spec) return { status: 404, body: 'Not found', contentType: 'text/plain' };
	const label = spec.description.en.split(/[ /]/)[0].slice(0, 10);
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="24" viewBox="0 0 32 24" role="img" aria-label="${spec.description.en}"><rect width="32" height="24" rx="4" fill="${spec.color}"/><text x="16" y="15" font-family="sans-serif" font-size="6" fill="#fff" text-anchor="middle">${label}</text></svg>`;
	return {
		status: 200,
		body: svg,
		contentType: 'image/svg+xml',
		headers: { 'Cache-Control': 'public, max-age=86400' }
	};
}
