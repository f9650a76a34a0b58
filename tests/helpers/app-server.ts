// `$app/server` under vitest (vite.config.ts → test.alias). SvelteKit gives `read` its
// implementation when its server starts (dev, `vite preview`, the adapter's Worker); vitest runs
// server modules without that server, so this reads an imported asset (`import url from
// '…?url'`) from disk the way Kit's dev server does: the URL is a path from the project root
// (`/node_modules/…`) or a `/@fs/<absolute path>` outside it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function read(asset: string): Response {
	const path = asset.startsWith('/@fs/')
		? asset.slice('/@fs'.length)
		: resolve(process.cwd(), `.${decodeURIComponent(asset.split('?')[0]!)}`);
	return new Response(readFileSync(path));
}
