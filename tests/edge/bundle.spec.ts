// What `wrangler deploy` would upload (dry run, offline; scripts/lib/workerBundle.ts), for both
// Workers. The app Worker must carry libSQL's web (HTTP) client and never the Node client with
// its native `libsql` module: under the `workerd` export condition `@libsql/client` resolves to
// lib-esm/web.js, and wrangler.toml narrows it to the HTTP half (http.js, no WebSocket client).
// And no document-making code: pdf-lib, fontkit, qrcode, papaparse, fast-xml-parser and the app's
// renderer live in the documents Worker, reached through the DOCUMENTS service binding (README →
// Worker bundle).
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { wranglerDryRun } from '../../scripts/lib/workerBundle';

const root = resolve('.');
const PDF_CODE = /node_modules\/(pdf-lib|@pdf-lib\/(fontkit|standard-fonts|upng)|pako)\//;
/** What the documents Worker makes besides PDFs, and the app's own renderer and makers. */
const MAKING_CODE =
	/node_modules\/(qrcode|dijkstrajs|papaparse|fast-xml-parser|fast-xml-builder|strnum)\/|src\/lib\/server\/pdf\/(render|making|service)\.ts$|chunks\/(render|making|service|inProcess)\d*\.js$/;

test('the app Worker has the HTTP libSQL client and no document-making code; the documents Worker has it', async () => {
	test.setTimeout(180_000);
	const app = wranglerDryRun(root, 'app');
	console.log(`App Worker bundle: ${app.rawKiB} KiB, ${app.gzipKiB} KiB gzipped`);
	test.info().annotations.push({
		type: 'bundle size',
		description: `app ${app.rawKiB} KiB / gzip ${app.gzipKiB} KiB`
	});
	// Workers' limit on the free plan is 3 MiB compressed; issue 13's goal, held here, is 400 KB:
	// every request starts this Worker. Over it, see the README's "Worker bundle" for what is in it.
	expect(app.gzipKiB).toBeLessThan(400);

	const { sources } = app.map;
	expect(sources.some((s) => s.endsWith('node_modules/@libsql/client/lib-esm/http.js'))).toBe(true);
	expect(sources.some((s) => s.includes('node_modules/@libsql/hrana-client/lib-esm/http/'))).toBe(
		true
	);
	// libSQL's WebSocket client is left out (wrangler.toml `[alias]`: HTTP only).
	expect(sources.filter((s) => /@libsql\/client\/lib-esm\/(web|ws)\.js$/.test(s))).toEqual([]);
	// Neither the Node entry (node.js → sqlite3.js) nor the native engine and its loaders.
	const nodeOnly = sources.filter((s) =>
		/@libsql\/client\/lib-(esm|cjs)\/(node|sqlite3)\.js$|node_modules\/libsql\/|@libsql\/(linux|darwin|win32)-|@neon-rs\//.test(
			s
		)
	);
	expect(nodeOnly).toEqual([]);
	expect(app.code).not.toMatch(/\.node["']\)|@neon-rs\/load|libsql-linux/);

	// pdf-lib and fontkit are replaced by worker/pdf-absent.cjs; the binding is declared.
	expect(sources.filter((s) => PDF_CODE.test(s))).toEqual([]);
	expect(sources.filter((s) => MAKING_CODE.test(s))).toEqual([]);
	expect(sources.some((s) => s.endsWith('worker/pdf-absent.cjs'))).toBe(true);
	expect(app.stdout).toMatch(/env\.DOCUMENTS \(acquit-documents\)\s+Worker/);

	const documents = wranglerDryRun(root, 'documents');
	console.log(`Documents Worker bundle: ${documents.rawKiB} KiB, ${documents.gzipKiB} KiB gzipped`);
	test.info().annotations.push({
		type: 'bundle size',
		description: `documents ${documents.rawKiB} KiB / gzip ${documents.gzipKiB} KiB`
	});
	expect(documents.gzipKiB).toBeLessThan(3 * 1024);
	expect(documents.map.sources.some((s) => s.includes('node_modules/pdf-lib/'))).toBe(true);
	expect(documents.map.sources.some((s) => s.includes('node_modules/@pdf-lib/fontkit/'))).toBe(
		true
	);
	expect(documents.map.sources.some((s) => s.endsWith('src/lib/server/pdf/render.ts'))).toBe(true);
	for (const maker of ['qrcode', 'papaparse', 'fast-xml-parser']) {
		expect(documents.map.sources.some((s) => s.includes(`node_modules/${maker}/`))).toBe(true);
	}
});
