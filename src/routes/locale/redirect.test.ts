import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './redirect';

const origin = 'https://acquit.example';

describe('safeRedirectPath', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeRedirectPath('/invoices?status=open#top', origin)).toBe('/invoices?status=open#top');
		expect(safeRedirectPath('/', origin)).toBe('/');
	});

	it.each([
		'https://evil.example/',
		'//evil.example/path',
		'/\\evil.example',
		'\\\\evil.example',
		'javascript:alert(1)',
		'evil.example',
		'/\tevil',
		'',
		'x'.repeat(3000)
	])('refuses %j', (value) => {
		expect(safeRedirectPath(value, origin)).toBe('/');
	});

	it('refuses non-strings', () => {
		expect(safeRedirectPath(null, origin)).toBe('/');
		expect(safeRedirectPath(undefined, origin)).toBe('/');
	});

	it('normalises dot segments without leaving the site', () => {
		expect(safeRedirectPath('/../../etc/passwd', origin)).toBe('/etc/passwd');
	});
});
