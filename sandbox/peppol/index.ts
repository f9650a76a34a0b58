import { DEFAULT_API_KEY, startPeppolSandbox, type RunningPeppolSandbox } from './server.ts';

export * from './server.ts';

/**
 * The sandbox wired to a running (or about to run) app, as `npm run dev` and the e2e server use
 * it: the app's webhook is subscribed through the API as with e-invoice.be, and the environment
 * the app needs comes back (`PEPPOL_API_URL`, `PEPPOL_API_KEY`, `PEPPOL_WEBHOOK_SECRET`).
 */
export async function startPeppolForApp(opts: {
	port: number;
	appUrl: string;
}): Promise<{ sandbox: RunningPeppolSandbox; env: Record<string, string> }> {
	const sandbox = await startPeppolSandbox({ port: opts.port });
	const res = await fetch(`${sandbox.url}/api/webhooks/`, {
		method: 'POST',
		headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			url: `${opts.appUrl}/api/webhooks/peppol`,
			events: ['document.sent', 'document.sent.failed', 'document.received'],
			enabled: true
		})
	});
	const hook = (await res.json()) as { secret: string };
	return {
		sandbox,
		env: {
			PEPPOL_API_URL: sandbox.url,
			PEPPOL_API_KEY: DEFAULT_API_KEY,
			PEPPOL_WEBHOOK_SECRET: hook.secret
		}
	};
}
