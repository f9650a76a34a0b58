// DEVELOPMENT AND TEST TOOL ONLY — never used in production: production uses Turso.
//
// A small Hrana-over-HTTP server (libSQL's HTTP protocol, the one `@libsql/client/web` speaks:
// POST /v2/pipeline, /v3/pipeline and /v3/cursor, GET /health and /version) on top of the real
// libSQL engine (`libsql` package). The Worker build can't open a `file:` database in workerd,
// so `npm run preview:edge` and the edge tests point it at this server instead.
//
//   npx tsx scripts/hrana-server.ts [--file .tmp/edge/acquit.db] [--port 8080] [--host 127.0.0.1]
//                                   [--auth-token secret]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startHranaServer } from './lib/hrana/server';

export { startHranaServer } from './lib/hrana/server';
export type { HranaServer, HranaServerOptions } from './lib/hrana/server';

async function main() {
	const { values } = parseArgs({
		options: {
			file: { type: 'string', default: '.tmp/edge/acquit.db' },
			port: { type: 'string', default: '8080' },
			host: { type: 'string', default: '127.0.0.1' },
			'auth-token': { type: 'string' }
		}
	});
	const server = await startHranaServer({
		file: values.file,
		port: Number(values.port),
		host: values.host,
		authToken: values['auth-token'],
		log: (line) => console.log(`[hrana] ${line}`)
	});
	const stop = async () => {
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

// Run as a script, not when imported by tests or preview-edge.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	await main();
}
