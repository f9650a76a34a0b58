import { describe, expect, it } from 'vitest';
import { keepTyped, KEEP_TYPED_PLACEHOLDER } from './keepTyped';

const page = (body: string) => `<head>${KEEP_TYPED_PLACEHOLDER}</head><body>${body}</body>`;

describe('keepTyped', () => {
	it('puts the recorder in pages that hydrate', () => {
		const html = keepTyped(page('<script>__sveltekit_abc = {};</script>'));
		expect(html).toMatch(/^<head><script>\(function\(\)\{.*window\.__acquitTyped=/);
		expect(html).not.toContain(KEEP_TYPED_PLACEHOLDER);
	});

	it('leaves pages rendered without client JavaScript script-free', () => {
		expect(keepTyped(page('<form method="post"></form>'))).toBe(
			'<head></head><body><form method="post"></form></body>'
		);
	});

	it('leaves later chunks alone', () => {
		const chunk = '<script>__sveltekit_abc.resolve(1)</script>';
		expect(keepTyped(chunk)).toBe(chunk);
	});
});
