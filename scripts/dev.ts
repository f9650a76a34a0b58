// `npm run dev`: one command for a newcomer. Migrates the embedded database, creates the demo
// account, starts the local Mollie sandbox (unless real Mollie URLs are configured) and runs
// Vite's dev server with the environment pointing at it.
import { spawn } from 'node:child_process';
import { migrateDatabase } from './lib/db';
import { DEMO, seedDemo } from './lib/seed';

const env = { ...process.env };
env.DATABASE_URL ||= 'file:data/acquit.db';
env.PUBLIC_BASE_URL ||= 'http://localhost:5173';

await migrateDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
const created = await seedDemo(env.DATABASE_URL);

let stopSandbox = async () => {};
if (!env.MOLLIE_API_URL) {
	const { startSandbox } = await import('../sandbox/mollie/index.ts');
	const sandbox = await startSandbox({
		port: Number(env.SANDBOX_PORT || 7777),
		persistFile: 'data/mollie-sandbox.json'
	});
	// The sandbox's registered development app (see sandbox/mollie/README.md).
	env.MOLLIE_CLIENT_ID ||= 'app_acquitdev000000000000';
	env.MOLLIE_CLIENT_SECRET ||= 'acquit-dev-secret';
	// Development only: production reads TOKEN_ENCRYPTION_KEY from a secret (docs/mollie.md).
	env.TOKEN_ENCRYPTION_KEY ||= 'ZGV2LW9ubHktdG9rZW4ta2V5LW5vdC1mb3ItcHJvZCE=';
	stopSandbox = () => sandbox.close();
	// The SDK's server URL is the host: its paths carry `/v2/…` and `/oauth2/tokens`.
	env.MOLLIE_API_URL = sandbox.url;
	env.MOLLIE_OAUTH_AUTHORIZE_URL = `${sandbox.url}/oauth2/authorize`;
	env.MOLLIE_OAUTH_TOKEN_URL = `${sandbox.url}/oauth2/tokens`;
	console.log(`Mollie sandbox: ${sandbox.url}`);
}

let stopPeppol = async () => {};
if (!env.PEPPOL_API_URL) {
	// The local Peppol access point (sandbox/peppol/README.md); e-invoice.be's API otherwise.
	const { startPeppolForApp } = await import('../sandbox/peppol/index.ts');
	const peppol = await startPeppolForApp({
		port: Number(env.PEPPOL_SANDBOX_PORT || 7788),
		appUrl: env.PUBLIC_BASE_URL
	});
	Object.assign(env, peppol.env);
	stopPeppol = () => peppol.sandbox.close();
	console.log(`Peppol access-point sandbox: ${peppol.sandbox.url}`);
}

console.log(`\n  Demo account${created ? ' (created)' : ''}: ${DEMO.email} / ${DEMO.password}\n`);

const vite = spawn('npx', ['vite', 'dev', ...process.argv.slice(2)], { stdio: 'inherit', env });
// The reconcile job, as the Cron Trigger runs it in production (wrangler.toml), every minute.
const reconcile = spawn(
	'npx',
	[
		'tsx',
		'--tsconfig',
		'scripts/tsconfig.scripts.json',
		'scripts/reconcile.ts',
		'--every',
		env.RECONCILE_EVERY_SECONDS || '60'
	],
	{ stdio: 'inherit', env }
);
const stop = async () => {
	vite.kill('SIGTERM');
	reconcile.kill('SIGTERM');
	await stopSandbox();
	await stopPeppol();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
vite.on('exit', async (code) => {
	reconcile.kill('SIGTERM');
	await stopSandbox();
	await stopPeppol();
	process.exit(code ?? 0);
});
