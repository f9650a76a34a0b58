import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/mollie/index.ts';
import { SEED } from '../../sandbox/mollie/seed.ts';
import type { Db } from '$lib/server/db';
import { assertMollieConfig } from '$lib/server/mollie/config';
import {
	DecryptionError,
	blobKeyId,
	decryptSecret,
	encryptSecret,
	keyId
} from '$lib/server/secrets/crypto';
import { getAccessToken, reencryptAll } from '$lib/server/mollie/tokens';
import { createTestDb } from '../helpers/db';
import {
	connect,
	connectionRow,
	createCompany,
	randomKey,
	sandboxConfig,
	startSandbox
} from '../helpers/mollie';

describe('token encryption', () => {
	const keys = { encryptionKey: randomKey(), oldEncryptionKeys: [] };

	it('round-trips, with a fresh IV each time and the key id in the blob', async () => {
		const a = await encryptSecret('access_secret-value', keys, 'ctx');
		const b = await encryptSecret('access_secret-value', keys, 'ctx');
		expect(a).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
		expect(a).not.toBe(b);
		expect(a).not.toContain('secret');
		expect(blobKeyId(a)).toBe(keyId(keys.encryptionKey));
		expect(await decryptSecret(a, keys, 'ctx')).toBe('access_secret-value');
		expect(await decryptSecret(b, keys, 'ctx')).toBe('access_secret-value');
	});

	it('detects tampering, a wrong context and an unknown key', async () => {
		const blob = await encryptSecret('refresh_abc', keys, 'company-a');
		const parts = blob.split('.');
		const flipped = parts[3][0] === 'A' ? 'B' : 'A';
		const tampered = [...parts.slice(0, 3), flipped + parts[3].slice(1)].join('.');
		await expect(decryptSecret(tampered, keys, 'company-a')).rejects.toBeInstanceOf(
			DecryptionError
		);
		await expect(decryptSecret(blob.slice(0, -2), keys, 'company-a')).rejects.toBeInstanceOf(
			DecryptionError
		);
		// Copied into another company's row: refused.
		await expect(decryptSecret(blob, keys, 'company-b')).rejects.toBeInstanceOf(DecryptionError);
		const other = { encryptionKey: randomKey(), oldEncryptionKeys: [] };
		await expect(decryptSecret(blob, other, 'company-a')).rejects.toThrow(/no key with id/);
		await expect(decryptSecret('plain-text', keys)).rejects.toThrow(/unknown format/);
	});

	it('a blob opened once is opened again only with its key and its context', async () => {
		const blob = await encryptSecret('access_cached', keys, 'company-a');
		expect(await decryptSecret(blob, keys, 'company-a')).toBe('access_cached');
		expect(await decryptSecret(blob, keys, 'company-a')).toBe('access_cached');
		// Remembered plaintext is not a way around the checks: another row's context, or a
		// keyring without the key (removed after a rotation), still fails.
		await expect(decryptSecret(blob, keys, 'company-b')).rejects.toBeInstanceOf(DecryptionError);
		const without = { encryptionKey: randomKey(), oldEncryptionKeys: [] };
		await expect(decryptSecret(blob, without, 'company-a')).rejects.toThrow(/no key with id/);
	});

	it('old keys still decrypt during a rotation', async () => {
		const oldKey = randomKey();
		const blob = await encryptSecret('access_x', { encryptionKey: oldKey, oldEncryptionKeys: [] });
		const rotated = { encryptionKey: randomKey(), oldEncryptionKeys: [oldKey] };
		expect(await decryptSecret(blob, rotated)).toBe('access_x');
		const fresh = await encryptSecret('access_x', rotated);
		expect(blobKeyId(fresh)).toBe(keyId(rotated.encryptionKey));
		await expect(
			decryptSecret(blob, { encryptionKey: rotated.encryptionKey, oldEncryptionKeys: [] })
		).rejects.toBeInstanceOf(DecryptionError);
	});
});

describe('configuration', () => {
	it('fails fast, naming what is missing (never a value)', () => {
		const base = {
			clientId: 'app_x',
			clientSecret: 'secret',
			redirectUri: 'https://acquit.example/apps/mollie/callback',
			apiUrl: 'https://api.mollie.com',
			authorizeUrl: 'https://my.mollie.com/oauth2/authorize',
			tokenUrl: 'https://api.mollie.com/oauth2/tokens',
			encryptionKey: randomKey(),
			oldEncryptionKeys: []
		};
		expect(() => assertMollieConfig(base)).not.toThrow();
		expect(() => assertMollieConfig({ ...base, clientSecret: '', encryptionKey: '' })).toThrow(
			/MOLLIE_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY are missing/
		);
		expect(() => assertMollieConfig({ ...base, encryptionKey: 'c2hvcnQ=' })).toThrow(
			/must be 32 bytes/
		);
		expect(() => assertMollieConfig({ ...base, redirectUri: '/apps/mollie/callback' })).toThrow(
			/MOLLIE_REDIRECT_URI/
		);
	});
});

describe('key rotation of stored tokens', () => {
	let sb: RunningSandbox;
	let db: Db;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
		db = (await createTestDb()).db as Db;
	});
	afterAll(() => sb.close());

	it('reencryptAll moves every stored token to the new key; use re-seals lazily too', async () => {
		const oldConfig = sandboxConfig(sb);
		const a = await createCompany(db, 'Rotate A SRL');
		const b = await createCompany(db, 'Rotate B SRL');
		await connect(db, oldConfig, sb, a, SEED.dupont);
		await connect(db, oldConfig, sb, b, SEED.studio);
		const oldId = keyId(oldConfig.encryptionKey);
		const newConfig = {
			...oldConfig,
			encryptionKey: randomKey(),
			oldEncryptionKeys: [oldConfig.encryptionKey]
		};
		const newId = keyId(newConfig.encryptionKey);
		const before = await getAccessToken(db, a.companyId, oldConfig);

		// Lazily: using A's token with the new config re-seals A's row.
		expect((await getAccessToken(db, a.companyId, newConfig)).accessToken).toBe(before.accessToken);
		const rowA = await connectionRow(db, a.companyId);
		expect(blobKeyId(rowA.accessToken!)).toBe(newId);
		expect(blobKeyId(rowA.refreshToken!)).toBe(newId);
		expect(blobKeyId((await connectionRow(db, b.companyId)).refreshToken!)).toBe(oldId);

		// In bulk: B is the only one left on the old key.
		expect(await reencryptAll(db, newConfig)).toBe(1);
		expect(await reencryptAll(db, newConfig)).toBe(0);
		const rowB = await connectionRow(db, b.companyId);
		expect(blobKeyId(rowB.accessToken!)).toBe(newId);
		expect(blobKeyId(rowB.refreshToken!)).toBe(newId);

		// The old key can now be dropped.
		const onlyNew = { ...newConfig, oldEncryptionKeys: [] };
		expect((await getAccessToken(db, b.companyId, onlyNew)).accessToken).toMatch(/^access_/);
	});
});
