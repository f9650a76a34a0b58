import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './redirect';

const origin = 'https://acquit.example';

describe('safeRedirectPath', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeRedirectPath('/invoices?status=open#top', origin)).toBe('/invoices?status=open#top');
		expect(safeRedirectPath('/', origin)).toBe('/');
		expect(safeRedirectPath('/invoices/abc?q=a%2Fb', origin)).toBe('/invoices/abc?q=a%2Fb');
	});

	it.each([
		'https://evil.example/',
		'HTTPS://evil.example/',
		'//evil.example/path',
		'///evil.example/path',
		'/\\evil.example',
		'/\\/evil.example',
		'\\\\evil.example',
		'/%5Cevil.example/x',
		'/%5cevil.example/x',
		'/%2F/evil.example',
		'/%2f%2fevil.example',
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		' /evil',
		'evil.example',
		'/\tevil',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/a/..//evil.example',
		'/a/../\\evil.example',
		'/.//evil.example',
		'',
		'x'.repeat(3000)
	])('refuses %j', (value) => {
		expect(safeRedirectPath(value, origin)).toBe('/');
	});

	it('refuses non-strings', () => {
		expect(safeRedirectPath(null, origin)).toBe('/');
		expect(safeRedirectPath(undefined, origin)).toBe('/');
	});

	it('answers the fallback it is given', () => {
		expect(safeRedirectPath('//evil.example', origin, '/dashboard')).toBe('/dashboard');
	});

	it('normalises dot segments without leaving the site', () => {
		expect(safeRedirectPath('/../../etc/passwd', origin)).toBe('/etc/passwd');
	});
});
