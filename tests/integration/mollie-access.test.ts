import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { canConfigureMollie } from '$lib/server/mollie/connection';
import { requireConfigurer } from '../../src/routes/(app)/apps/guard.server';

const locals = (role: 'owner' | 'admin' | 'member') =>
	({
		user: { id: 'u', email: 'u@example.test', name: 'U', role },
		company: { id: 'c', name: 'C', defaultLocale: 'fr' },
		session: {
			id: 's',
			userId: 'u',
			expiresAt: new Date(Date.now() + 60_000),
			createdAt: new Date()
		}
	}) as App.Locals;

describe('who may configure Mollie', () => {
	it('owner and admin may; a member gets a 403', () => {
		expect(canConfigureMollie('owner')).toBe(true);
		expect(canConfigureMollie('admin')).toBe(true);
		expect(canConfigureMollie('member')).toBe(false);
		expect(canConfigureMollie(undefined)).toBe(false);
		expect(requireConfigurer(locals('owner')).company.id).toBe('c');
		expect(requireConfigurer(locals('admin')).session.id).toBe('s');
		let thrown: unknown;
		try {
			requireConfigurer(locals('member'));
		} catch (err) {
			thrown = err;
		}
		expect(isHttpError(thrown, 403)).toBe(true);
	});
});
