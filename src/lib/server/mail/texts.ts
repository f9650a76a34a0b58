import { and, eq } from 'drizzle-orm';
import { formatDate, formatMoney } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import type { Db } from '../db';
import { emailTexts } from '../db/schema';
import type { TextKind, TextLocale } from '$lib/domain/emailTexts';

/** What a template may say; anything else in braces is left as typed. */
export const PLACEHOLDERS = [
	'number',
	'amount',
	'date',
	'due_date',
	'company',
	'customer'
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const MAX_SUBJECT = 200;
export const MAX_BODY = 5000;

export interface EmailText {
	subject: string;
	body: string;
}

// The built-in texts are Paraglide messages whose parameters are the placeholders themselves:
// called with `{ number: '{number}' }` they give the template, ready to fill or to edit.
const asIs = Object.fromEntries(PLACEHOLDERS.map((p) => [p, `{${p}}`])) as Record<
	Placeholder,
	string
>;

/** The text a company starts from when it saved none, in one language. */
export function defaultEmailText(kind: TextKind, locale: TextLocale): EmailText {
	const o = { locale };
	switch (kind) {
		case 'invoice':
			return { subject: m.mailx_invoice_subject(asIs, o), body: m.mailx_invoice_body(asIs, o) };
		case 'paid_invoice':
			return { subject: m.mailx_paid_subject(asIs, o), body: m.mailx_paid_body(asIs, o) };
		case 'credit_note':
			return { subject: m.mailx_credit_subject(asIs, o), body: m.mailx_credit_body(asIs, o) };
	}
}

/** Every saved text of a company, keyed `kind.locale`. */
export async function savedEmailTexts(db: Db, companyId: string) {
	const rows = await db.select().from(emailTexts).where(eq(emailTexts.companyId, companyId));
	return new Map(rows.map((r) => [`${r.kind}.${r.locale}`, { subject: r.subject, body: r.body }]));
}

/** The company's text for one kind and language: the saved one, or the built-in one. */
export async function emailText(
	db: Db,
	companyId: string,
	kind: TextKind,
	locale: TextLocale
): Promise<EmailText> {
	const [row] = await db
		.select({ subject: emailTexts.subject, body: emailTexts.body })
		.from(emailTexts)
		.where(
			and(
				eq(emailTexts.companyId, companyId),
				eq(emailTexts.kind, kind),
				eq(emailTexts.locale, locale)
			)
		);
	return row ?? defaultEmailText(kind, locale);
}

/** Every text a company saved, for a page that reads it in its one batch (`pickEmailText`). */
export function emailTextsQuery(db: Db, companyId: string) {
	return db
		.select({
			kind: emailTexts.kind,
			locale: emailTexts.locale,
			subject: emailTexts.subject,
			body: emailTexts.body
		})
		.from(emailTexts)
		.where(eq(emailTexts.companyId, companyId));
}

/** The saved text for this kind and language among `rows`, or the built-in one. */
export function pickEmailText(
	rows: { kind: TextKind; locale: TextLocale; subject: string; body: string }[],
	kind: TextKind,
	locale: TextLocale
): EmailText {
	const row = rows.find((r) => r.kind === kind && r.locale === locale);
	return row ? { subject: row.subject, body: row.body } : defaultEmailText(kind, locale);
}

/**
 * Saves the texts typed in Settings → Email texts. A text left as the built-in one (or emptied)
 * is not stored, so a later improvement of the built-in wording reaches it.
 */
export async function saveEmailTexts(
	db: Db,
	companyId: string,
	texts: { kind: TextKind; locale: TextLocale; subject: string; body: string }[]
) {
	await db.batch([
		db.delete(emailTexts).where(eq(emailTexts.companyId, companyId)),
		...texts
			.filter((t) => {
				const d = defaultEmailText(t.kind, t.locale);
				return t.subject.trim() && t.body.trim() && (t.subject !== d.subject || t.body !== d.body);
			})
			.map((t) => db.insert(emailTexts).values({ companyId, ...t }))
	]);
}

export interface PlaceholderValues {
	locale: TextLocale;
	number: string;
	company: string;
	customer: string;
	currency: string;
	amountCents: number;
	issueDate: string;
	dueDate: string;
}

/** The template with its placeholders filled in, amounts and dates in the customer's language. */
export function fillPlaceholders(template: string, v: PlaceholderValues): string {
	const date = (iso: string) => formatDate(iso, { dateStyle: 'long' }, v.locale);
	const values: Record<Placeholder, string> = {
		number: v.number,
		amount: formatMoney(v.amountCents, v.currency, v.locale),
		date: date(v.issueDate),
		due_date: date(v.dueDate),
		company: v.company,
		customer: v.customer
	};
	return template.replace(/\{([a-z_]+)\}/g, (all, name: string) =>
		name in values ? values[name as Placeholder] : all
	);
}

/** Subject on one line (a header), body with normalized line ends. */
export function cleanSubject(value: string): string {
	return value.replace(/[\r\n\t]+/g, ' ').trim();
}
export function cleanBody(value: string): string {
	return value.replace(/\r\n?/g, '\n').trim();
}
