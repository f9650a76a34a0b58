import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '$lib/server/auth/accounts';
import type { Db } from '$lib/server/db';
import { outbox } from '$lib/server/db/schema';
import {
	getOutboxMessage,
	listOutbox,
	OutboxTransport,
	sendMail,
	type NewMail
} from '$lib/server/mail';
import { platformTransport } from '$lib/server/mail/transports';
import { createTestDb } from '../helpers/db';

let db: Db;
let close: () => void;
beforeAll(async () => {
	const created = await createTestDb();
	db = created.db as Db;
	close = () => created.client.close();
});
afterAll(() => close());

async function company(tag: string) {
	const result = await createAccount(db, {
		email: `${tag}@example.test`,
		password: 'correct horse battery',
		name: tag,
		companyName: `${tag} SRL`,
		locale: 'en'
	});
	if (!result.ok) throw new Error('account');
	return result.companyId;
}

describe('outbox', () => {
	it('is the default transport', async () => {
		expect(await platformTransport({})).toBeInstanceOf(OutboxTransport);
	});

	it("keeps each company's mail to itself, newest first", async () => {
		const a = await company('alpha');
		const b = await company('bravo');
		const from = { email: 'no-reply@acquit.test' };
		const transport = {
			send: (m: Omit<NewMail, 'from' | 'to' | 'html'> & { to: string; html?: string }) =>
				sendMail(db, null, { ...m, from, to: [m.to], html: m.html ?? '' })
		};
		await transport.send({
			to: 'x@example.test',
			subject: 'A first',
			text: 'one',
			kind: 'test',
			companyId: a
		});
		// Timestamps have millisecond precision: make "A first" clearly older.
		await db
			.update(outbox)
			.set({ createdAt: new Date(Date.now() - 60_000) })
			.where(eq(outbox.subject, 'A first'));
		await transport.send({
			to: 'y@example.test',
			subject: 'B only',
			text: 'two',
			html: '<p>two</p>',
			kind: 'test',
			companyId: b
		});
		await transport.send({
			to: 'z@example.test',
			subject: 'A second',
			text: 'three',
			html: '<script>alert(1)</script>',
			kind: 'test',
			companyId: a
		});
		// Mail that belongs to no company shows in no outbox.
		await transport.send({
			to: 'n@example.test',
			subject: 'Nobody',
			text: '-',
			kind: 'test',
			companyId: null
		});

		const listA = await listOutbox(db, a);
		expect(listA.map((r) => r.subject)).toEqual(['A second', 'A first']);
		expect(listA[0]).toMatchObject({ toAddress: 'z@example.test', kind: 'test' });
		expect(listA[0].createdAt).toBeInstanceOf(Date);
		expect((await listOutbox(db, b)).map((r) => r.subject)).toEqual(['B only']);

		const bMessage = (await listOutbox(db, b))[0];
		expect(await getOutboxMessage(db, b, bMessage.id)).toMatchObject({
			subject: 'B only',
			text: 'two',
			html: '<p>two</p>'
		});
		// Company A asking for company B's message finds nothing (the page answers 404).
		expect(await getOutboxMessage(db, a, bMessage.id)).toBeNull();
		expect(await getOutboxMessage(db, a, 'no-such-id')).toBeNull();
		// The HTML is stored as given; the page shows it only inside a sandboxed iframe.
		expect((await getOutboxMessage(db, a, listA[0].id))?.html).toBe('<script>alert(1)</script>');
	});
});
