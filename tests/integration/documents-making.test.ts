// The documents Worker's makers besides the PDF (src/lib/server/pdf/making.ts): what the app sends
// through the DOCUMENTS binding, what the Worker answers (its own `serveRender`, as
// worker/documents/index.ts runs it), the same answer in-process on Node, and the failures the app
// reports. tests/edge/ runs the same paths in workerd.
import { describe, expect, it } from 'vitest';
import { DocumentsServiceError, makeThrough, type ServiceBinding } from '$lib/server/pdf/documents';
import { serveRender } from '$lib/server/pdf/service';
import { MAKING_PATHS } from '$lib/server/pdf/wire';

const noFonts = { regular: new Uint8Array(), bold: new Uint8Array() };

function worker(seen: Request[]): ServiceBinding {
	return {
		fetch: (req) => {
			seen.push(req.clone());
			return serveRender(req, noFonts);
		}
	};
}

describe('documents Worker makers', () => {
	it('answer QR, CSV and XML through the binding as in-process', async () => {
		const cases = [
			[MAKING_PATHS.qr, { payload: 'BCD\n002\n1\nSCT\n\nAcquit' }, 'image/svg+xml'],
			[MAKING_PATHS.csv, { text: 'Nom;Ville\n"Café ""Zinc""";Liège\n\n' }, 'application/json'],
			[
				MAKING_PATHS.xml,
				{
					root: 'Invoice',
					tree: { 'cbc:ID': 'F-1 & <2>', 'cbc:Note': { '#text': 'x', '@a': 'b' } }
				},
				'application/xml'
			]
		] as const;
		for (const [path, body, type] of cases) {
			const seen: Request[] = [];
			const remote = await (await makeThrough(worker(seen), path, body, type)).text();
			expect(seen.map((r) => [r.method, new URL(r.url).pathname])).toEqual([['POST', path]]);
			expect(await seen[0]!.json()).toEqual(body);
			expect(await (await makeThrough(null, path, body, type)).text()).toBe(remote);
		}
		const svg = await (await makeThrough(null, cases[0][0], cases[0][1], cases[0][2])).text();
		expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
		const rows = await (await makeThrough(null, cases[1][0], cases[1][1], cases[1][2])).json();
		expect(rows).toEqual([
			['Nom', 'Ville'],
			['Café "Zinc"', 'Liège']
		]);
		const xml = await (await makeThrough(null, cases[2][0], cases[2][1], cases[2][2])).text();
		expect(xml).toBe(
			'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice>\n  <cbc:ID>F-1 &amp; &lt;2&gt;</cbc:ID>\n  <cbc:Note a="b">x</cbc:Note>\n</Invoice>\n'
		);
	});

	it('refuse a bad request, and the app reports a Worker that fails or cannot be reached', async () => {
		const ask = (method: string, path: string, body: string) =>
			serveRender(
				new Request(`https://documents.internal${path}`, {
					method,
					...(method === 'POST' ? { body } : {})
				}),
				noFonts
			);
		expect((await ask('GET', '/qr', '')).status).toBe(405);
		expect((await ask('POST', '/qr', 'not json')).status).toBe(400);
		expect((await ask('POST', '/qr', '{"payload":3}')).status).toBe(400);
		expect((await ask('POST', '/csv', '{}')).status).toBe(400);
		expect((await ask('POST', '/xml', '{"root":"Invoice"}')).status).toBe(400);

		const overloaded = { fetch: async () => new Response('overloaded', { status: 503 }) };
		const failure = await makeThrough(
			overloaded,
			MAKING_PATHS.qr,
			{ payload: 'x' },
			'image/svg+xml'
		)
			.then(() => null)
			.catch((err: unknown) => err);
		expect(failure).toBeInstanceOf(DocumentsServiceError);
		expect((failure as DocumentsServiceError).status).toBe(503);
		expect((failure as Error).message).toContain('overloaded');

		const unreachable = {
			fetch: async (): Promise<Response> => {
				throw new Error('Network connection lost.');
			}
		};
		const lost = await makeThrough(unreachable, MAKING_PATHS.csv, { text: 'a' }, 'application/json')
			.then(() => null)
			.catch((err: unknown) => err);
		expect(lost).toBeInstanceOf(DocumentsServiceError);
		expect((lost as Error).message).toContain('Network connection lost.');
	});
});
