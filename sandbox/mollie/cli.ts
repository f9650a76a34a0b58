import { startSandbox } from './server.ts';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET, SEED } from './seed.ts';

/**
 * `npm run sandbox` — starts the Mollie sandbox on SANDBOX_HOST:SANDBOX_PORT (127.0.0.1:7777).
 * SANDBOX_CLOCK_SPEED scales time; SANDBOX_STATE_FILE persists state between restarts.
 */
const speed = process.env.SANDBOX_CLOCK_SPEED ? Number(process.env.SANDBOX_CLOCK_SPEED) : 1;
const persistFile = process.env.SANDBOX_STATE_FILE || undefined;
// Strict: behave like Mollie (unreachable webhook hosts refused, exact redirect URI only).
const strict = process.env.SANDBOX_STRICT === '1' || process.argv.includes('--strict');
const webhookAllow = (process.env.SANDBOX_WEBHOOK_ALLOW ?? '')
	.split(',')
	.map((h) => h.trim())
	.filter(Boolean);

const sandbox = await startSandbox({ clockSpeed: speed, persistFile, strict, webhookAllow });
console.log(`Mollie sandbox listening on ${sandbox.url}
  MOLLIE_API_URL=${sandbox.url}
  MOLLIE_OAUTH_AUTHORIZE_URL=${sandbox.url}/oauth2/authorize
  MOLLIE_OAUTH_TOKEN_URL=${sandbox.url}/oauth2/tokens
  client_id=${DEV_CLIENT_ID} client_secret=${DEV_CLIENT_SECRET}
  API keys: ${SEED.testKey} / ${SEED.liveKey}
  control API: ${sandbox.url}/_sandbox${strict ? `\n  strict mode, webhook hosts allowed: ${webhookAllow.join(', ') || 'none'}` : ''}${persistFile ? `\n  state file: ${persistFile}` : ''}${speed !== 1 ? `\n  clock speed: ×${speed}` : ''}`);

const stop = async (): Promise<void> => {
	await sandbox.close();
	process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
