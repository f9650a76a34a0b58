import { describe, expect, it } from 'vitest';
import { assertProductionConfig, productionProblems } from './production';

const key = 'q83vEjRWeJq8zd7wEjRWeJq8zd7wEjRWeJq8zd7wEjQ=';

describe('production configuration', () => {
	it('lets development, e2e and the workerd preview start (plain http on loopback)', () => {
		expect(productionProblems({ PUBLIC_BASE_URL: 'http://127.0.0.1:4173' })).toEqual([]);
		expect(productionProblems({})).toEqual([]);
	});

	it('refuses an https deployment without a key or with a development key', () => {
		expect(() => assertProductionConfig({ PUBLIC_BASE_URL: 'https://acquit.be' })).toThrow(
			/TOKEN_ENCRYPTION_KEY is not set/
		);
		expect(
			productionProblems({
				PUBLIC_BASE_URL: 'https://acquit.be',
				TOKEN_ENCRYPTION_KEY: 'ZGV2LW9ubHktdG9rZW4ta2V5LW5vdC1mb3ItcHJvZCE='
			})
		).toEqual(['TOKEN_ENCRYPTION_KEY is the development key from this repository; make a new one']);
		expect(
			productionProblems({ PUBLIC_BASE_URL: 'https://acquit.be', TOKEN_ENCRYPTION_KEY: key })
		).toEqual([]);
	});

	it('refuses ACQUIT_ENV=production on a loopback, missing or plain-http base URL', () => {
		const env = { ACQUIT_ENV: 'production', TOKEN_ENCRYPTION_KEY: key };
		expect(productionProblems({ ...env, PUBLIC_BASE_URL: 'http://127.0.0.1:8787' })[0]).toMatch(
			/^PUBLIC_BASE_URL points at this machine/
		);
		expect(productionProblems({ ...env, PUBLIC_BASE_URL: 'https://localhost' })[0]).toMatch(
			/^PUBLIC_BASE_URL points at this machine/
		);
		expect(productionProblems(env)[0]).toMatch(/^PUBLIC_BASE_URL is not set/);
		expect(productionProblems({ ...env, PUBLIC_BASE_URL: 'http://acquit.be' })).toEqual([
			'PUBLIC_BASE_URL must be https'
		]);
	});
});
