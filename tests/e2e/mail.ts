// What the e2e SMTP server received (scripts/e2e-server.ts writes each message to E2E_MAIL_DIR).
import { expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

const dir = () => process.env.E2E_MAIL_DIR!;

export interface ReceivedMail {
	envelope: { from: string; to: string[] };
	mail: ParsedMail;
}

async function all(): Promise<ReceivedMail[]> {
	if (!existsSync(dir())) return [];
	const names = readdirSync(dir())
		.filter((n) => n.endsWith('.eml'))
		.sort();
	return Promise.all(
		names.map(async (name) => ({
			envelope: JSON.parse(readFileSync(join(dir(), name.replace(/\.eml$/, '.json')), 'utf8')),
			mail: await simpleParser(readFileSync(join(dir(), name)))
		}))
	);
}

/** Every message whose envelope includes `to`, oldest first. */
export async function mailTo(to: string): Promise<ReceivedMail[]> {
	return (await all()).filter((m) => m.envelope.to.includes(to));
}

/** Waits until `count` messages have arrived for `to`; returns the newest. */
export async function waitForMail(to: string, count = 1): Promise<ReceivedMail> {
	await expect.poll(async () => (await mailTo(to)).length, { timeout: 15_000 }).toBe(count);
	return (await mailTo(to)).at(-1)!;
}

/** Makes the SMTP server refuse `address` (e.g. `550 5.1.1 Mailbox unavailable`), or accept it again. */
export function refuse(address: string, reply: string | null) {
	const file = join(dir(), 'refuse', address.toLowerCase());
	if (reply) {
		mkdirSync(join(dir(), 'refuse'), { recursive: true });
		writeFileSync(file, reply);
	} else rmSync(file, { force: true });
}

/** The href of the HTML part's link whose text is `label`. */
export function linkIn(mail: ParsedMail, label: string): string | undefined {
	const html = String(mail.html || '');
	return [...html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)]
		.find(([, , text]) => text === label)?.[1]
		?.replace(/&amp;/g, '&');
}

/**
 * Confirms the address of an account just signed up, the way its owner does: the confirmation
 * mail is read at the SMTP server, its link opened and its button pressed. For tests that send
 * invoices (an unconfirmed account cannot) and are not about confirmation itself.
 */
export async function confirmAddress(page: Page, email: string) {
	const subject = 'Confirm your email address for Acquit';
	await expect
		.poll(async () => (await mailTo(email)).some((m) => m.mail.subject === subject), {
			timeout: 15_000
		})
		.toBe(true);
	const { mail } = (await mailTo(email)).find((m) => m.mail.subject === subject)!;
	const link = linkIn(mail, 'Confirm my address');
	if (!link) throw new Error(`no confirmation link in the mail to ${email}`);
	await page.goto(link);
	await page.getByRole('button', { name: 'Confirm my address' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Your email address is confirmed.' })
	).toBeVisible();
}

/** The e2e SMTP server's port on 127.0.0.1 (to type it in Settings → Email). */
export function smtpPort(): string {
	return readFileSync(join(dir(), 'port'), 'utf8').trim();
}
