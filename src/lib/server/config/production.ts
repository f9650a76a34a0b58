/**
 * Refuses to run a production deployment on development fallbacks. "Production" is read from
 * the configuration itself, never from a test switch: a deployment is production when its
 * PUBLIC_BASE_URL is https, or when ACQUIT_ENV=production says so explicitly (then a loopback
 * or missing PUBLIC_BASE_URL is itself an error). Development, e2e and the workerd preview run
 * on http://127.0.0.1 and are not production.
 */

/** Keys that are in this repository (scripts/dev.ts, scripts/e2e-server.ts): public knowledge. */
const DEVELOPMENT_KEYS = new Set([
	'ZGV2LW9ubHktdG9rZW4ta2V5LW5vdC1mb3ItcHJvZCE=',
	'ZTJlLXRlc3Qta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE='
]);

export class ProductionConfigError extends Error {
	constructor(public readonly problems: string[]) {
		super(`Refusing to run in production: ${problems.join('; ')}`);
		this.name = 'ProductionConfigError';
	}
}

function isLoopback(url: URL): boolean {
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return (
		host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1'
	);
}

export function isProduction(env: Record<string, string | undefined>): boolean {
	return env.ACQUIT_ENV === 'production' || /^https:\/\//i.test(env.PUBLIC_BASE_URL ?? '');
}

/** The problems of a production configuration, each naming its variable (never a value). */
export function productionProblems(env: Record<string, string | undefined>): string[] {
	if (!isProduction(env)) return [];
	const problems: string[] = [];
	const base = env.PUBLIC_BASE_URL ?? '';
	if (!URL.canParse(base)) {
		problems.push('PUBLIC_BASE_URL is not set (e.g. https://acquit.be)');
	} else if (isLoopback(new URL(base))) {
		problems.push('PUBLIC_BASE_URL points at this machine (loopback); set the public https URL');
	} else if (new URL(base).protocol !== 'https:') {
		problems.push('PUBLIC_BASE_URL must be https');
	}
	const key = env.TOKEN_ENCRYPTION_KEY ?? '';
	if (!key) {
		problems.push('TOKEN_ENCRYPTION_KEY is not set (base64 of 32 random bytes, a secret)');
	} else if (DEVELOPMENT_KEYS.has(key.trim())) {
		problems.push(
			'TOKEN_ENCRYPTION_KEY is the development key from this repository; make a new one'
		);
	}
	return problems;
}

export function assertProductionConfig(env: Record<string, string | undefined>): void {
	const problems = productionProblems(env);
	if (problems.length) throw new ProductionConfigError(problems);
}
