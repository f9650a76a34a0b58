import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '$lib/server/db';
import { peppolDocuments } from '$lib/server/db/schema';
import type { AccessPoint } from '$lib/server/peppol/accessPoint';
import { sendViaPeppol } from '$lib/server/peppol/exchange';
import { createTestDb } from '../helpers/db';
import { makeCompany, makeCustomer, makeOneLineInvoice } from '../helpers/invoicing-fixtures';

// The documents Worker (XML text of the UBL, the PDF inside it) is down: every request to it
// fails as a lost binding does (DocumentsServiceError 503, as makeThrough throws it).
const documentsDown = vi.hoisted(() => ({ on: false }));
vi.mock('$lib/server/pdf/documents', async (original) => {
	const real = await original<typeof import('$lib/server/pdf/documents')>();
	return {
		...real,
		makeDocument: (...args: Parameters<typeof real.makeDocument>) =>
			documentsDown.on
				? Promise.reject(new real.DocumentsServiceError(503, 'connection lost'))
				: real.makeDocument(...args)
	};
});

describe('Peppol sending while the documents Worker is down', () => {
	it('is a retry for the owner: nothing handed to the access point, nothing recorded', async () => {
		const db = (await createTestDb()).db as Db;
		const { company, journal } = await makeCompany(db);
		const customer = await makeCustomer(db, company.id);
		const invoice = await makeOneLineInvoice(db, { company, journal, customer });
		const handed: string[] = [];
		// Only `send` can be reached by sendViaPeppol; any other call would be a bug here.
		const ap = new Proxy({} as AccessPoint, {
			get: (_, name) =>
				name === 'send'
					? (input: { filename: string }) => {
							handed.push(input.filename);
							return Promise.resolve({ invalid: [] });
						}
					: () => Promise.reject(new Error(`unexpected access point call: ${String(name)}`))
		});

		documentsDown.on = true;
		expect(await sendViaPeppol(db, ap, company.id, invoice.id, 'https://acquit.test')).toEqual({
			ok: false,
			error: 'documents_unavailable'
		});
		expect(handed).toEqual([]);
		expect(
			await db.select().from(peppolDocuments).where(eq(peppolDocuments.invoiceId, invoice.id))
		).toEqual([]);

		// Back up: the same document is made and handed over (here the access point finds it
		// invalid, which records nothing either and shows that the XML really was made).
		documentsDown.on = false;
		expect(await sendViaPeppol(db, ap, company.id, invoice.id, 'https://acquit.test')).toEqual({
			ok: false,
			error: 'invalid',
			issues: []
		});
		expect(handed).toHaveLength(1);
	});
});
