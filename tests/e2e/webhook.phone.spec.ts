import { expect, test } from '@playwright/test';

// Against the production build (vite preview), where SvelteKit's own CSRF check would be active:
// the app replaces it (src/lib/server/csrf.ts) with one that lets exactly the webhook through.
const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

test('Mollie can post its webhook without an Origin; nothing else can', async ({
	request,
	baseURL
}) => {
	const webhook = await request.post('/api/webhooks/mollie', {
		headers: { ...form, 'user-agent': 'Mollie HTTP client/1.0' },
		data: 'id=tr_unknown12345'
	});
	// Unknown id: 200 and an empty body, exactly like a known one (nothing leaks).
	expect(webhook.status()).toBe(200);
	expect(await webhook.text()).toBe('');
	const garbage = await request.post('/api/webhooks/mollie', { headers: form, data: 'nothing' });
	expect(garbage.status()).toBe(200);

	for (const path of ['/login', '/signup', '/api/webhooks/mollie/other', '/api/webhooks']) {
		const res = await request.post(path, { headers: form, data: 'id=tr_1', maxRedirects: 0 });
		expect(res.status(), path).toBe(403);
	}
	const foreign = await request.post('/login', {
		headers: { ...form, origin: 'https://evil.example' },
		data: 'email=a%40b.test&password=x',
		maxRedirects: 0
	});
	expect(foreign.status()).toBe(403);
	const put = await request.put('/api/webhooks/mollie', { headers: form, data: 'id=tr_1' });
	expect(put.status()).toBe(403);

	// The app's own forms still work.
	const own = await request.post('/login', {
		headers: { ...form, origin: baseURL! },
		data: 'email=nobody%40example.test&password=wrong-password-1',
		maxRedirects: 0
	});
	expect(own.status()).toBe(400);
});
