import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, keyClient, oauthClient, paymentInput, start, SEED } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'mollie-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
	it('state survives a restart when persistFile is set', async () => {
		const file = join(dir, 'state.json');
		const first = await start({ persistFile: file });
		const p = await keyClient(first).payments.create({ paymentRequest: paymentInput() });
		const { accessToken } = await connect(first);
		await first.close();

		const second = await start({ persistFile: file });
		try {
			const again = await keyClient(second).payments.get({ paymentId: p.id });
			expect(again.description).toBe('Invoice 2024-001');
			expect(again.links.self.href.startsWith(second.url)).toBe(true);
			const org = await oauthClient(second, accessToken).organizations.getCurrent();
			expect(org.id).toBe(SEED.dupont);
		} finally {
			await second.close();
		}
	});
});
