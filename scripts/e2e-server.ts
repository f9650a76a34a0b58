// The server Playwright tests run against: a production build served by `vite preview`
// (SvelteKit's CSRF check is on, as in production), wired to a local Mollie sandbox through
// the same configuration that points at Mollie in production.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from './lib/db.ts';
import { startSandbox } from '../sandbox/mollie/index.ts';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../sandbox/mollie/seed.ts';
import { startSmtpCatcher } from './lib/smtp-catcher.ts';
import { startPeppolForApp } from '../sandbox/peppol/index.ts';

const port = Number(process.env.E2E_PORT || 4173);
// Each run starts from an empty database with the real migrations, made here, before anything
// can open it: Playwright starts this web server before its globalSetup, so a reset there could
// delete the file under a server that had already opened it.
const dbFile = (process.env.DATABASE_URL || `file:.tmp/e2e-${port}/acquit.db`).replace(
	/^file:/,
	''
);
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbFile + suffix, { force: true });
await migrateDatabase(`file:${dbFile}`);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT || port + 1);
// Strict, like Mollie: webhook URLs on loopback are refused unless allowed here, explicitly, for
// this harness; the app's one registered redirect URI is the only one accepted.
const sandbox = await startSandbox({
	port: sandboxPort,
	strict: true,
	webhookAllow: ['127.0.0.1'],
	apps: [
		{
			id: DEV_CLIENT_ID,
			name: 'Acquit (e2e)',
			secret: DEV_CLIENT_SECRET,
			redirectUris: [`http://127.0.0.1:${port}/apps/mollie/callback`]
		}
	]
});
// A real SMTP server on loopback (free port): the app sends through it exactly as it would
// through a provider's; the tests read what arrived from E2E_MAIL_DIR (tests/e2e/mail.ts).
const mailDir = process.env.E2E_MAIL_DIR || `.tmp/e2e-${port}/mail`;
rmSync(mailDir, { recursive: true, force: true });
const smtp = await startSmtpCatcher({ dir: mailDir });
// Settings → Email's own-server test types this server's port (tests/e2e/mail.ts reads it).
writeFileSync(join(mailDir, 'port'), String(smtp.port));

// The Peppol access point (e-invoice.be's API, as its SDK sees it), validating with the official
// rules (compiled once into .tmp/peppol-rules by the unit tests or on first use).
const peppol = await startPeppolForApp({
	port: Number(process.env.E2E_PEPPOL_PORT || port + 2),
	appUrl: `http://127.0.0.1:${port}`
});

const env = {
	...process.env,
	...peppol.env,
	PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
	MOLLIE_API_URL: sandbox.url,
	MOLLIE_OAUTH_AUTHORIZE_URL: `${sandbox.url}/oauth2/authorize`,
	MOLLIE_OAUTH_TOKEN_URL: `${sandbox.url}/oauth2/tokens`,
	MOLLIE_CLIENT_ID: DEV_CLIENT_ID,
	MOLLIE_CLIENT_SECRET: DEV_CLIENT_SECRET,
	// Every e2e sign-up comes from 127.0.0.1 (the default is 10 an hour per address).
	SIGNUP_LIMIT_PER_HOUR: '10000',
	// A fixed key for tests only; production reads a secret (see README).
	TOKEN_ENCRYPTION_KEY: 'ZTJlLXRlc3Qta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=',
	MAIL_TRANSPORT: 'smtp',
	SMTP_URL: smtp.url,
	MAIL_FROM: 'Acquit <invoices@acquit.test>',
	// A company's own SMTP server may be this loopback one (Settings → Email).
	MAIL_ALLOW_PRIVATE_SMTP: 'true'
};

const preview = spawn(
	'npx',
	['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
	{ stdio: 'inherit', env }
);
const stop = async () => {
	preview.kill('SIGTERM');
	await sandbox.close();
	await peppol.sandbox.close();
	await smtp.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
preview.on('exit', async (code) => {
	await sandbox.close();
	await peppol.sandbox.close();
	await smtp.close();
	process.exit(code ?? 1);
});
