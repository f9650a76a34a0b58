import { m } from '$lib/paraglide/messages';
import { assertCanEdit, canEditCompany } from '$lib/server/company';
import { getDb } from '$lib/server/db';
import {
	cleanBody,
	cleanSubject,
	defaultEmailText,
	MAX_BODY,
	MAX_SUBJECT,
	saveEmailTexts,
	savedEmailTexts
} from '$lib/server/mail/texts';
import { TEXT_KINDS, TEXT_LOCALES, type TextKind, type TextLocale } from '$lib/domain/emailTexts';
import { mailErrorText } from '$lib/mail/errorText';
import {
	getCompanySmtp,
	checkSmtpForm,
	removeCompanySmtp,
	saveCompanySmtp,
	sendTestEmail
} from '$lib/server/mail/companySmtp';
import { tokenKeyringOrNull } from '$lib/server/secrets/keyring';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm } from '$lib/server/forms';
import { text } from '$lib/server/formFields';
import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import type { Actions, PageServerLoad } from './$types';

const key = (kind: TextKind, locale: TextLocale) => `${kind}.${locale}`;

const TEXT_KEYS = TEXT_KINDS.flatMap((kind) =>
	TEXT_LOCALES.map((locale) => ({ kind, locale, k: key(kind, locale) }))
);

/**
 * The email texts form: a subject and a message per kind and language, both or neither (empty:
 * the default text), each within its maximum.
 */
const textsSchema = () =>
	z
		.object(
			Object.fromEntries(
				TEXT_KEYS.flatMap(({ k }) => [
					[`${k}.subject`, z.pipe(text(), z.transform(cleanSubject))],
					[`${k}.body`, z.pipe(text(), z.transform(cleanBody))]
				])
			)
		)
		.check(
			z.superRefine((v, ctx) => {
				for (const { k } of TEXT_KEYS) {
					const subject = v[`${k}.subject`] ?? '';
					const body = v[`${k}.body`] ?? '';
					const issue = (field: string, message: string) =>
						ctx.addIssue({ code: 'custom', path: [`${k}.${field}`], message });
					if (!subject !== !body) issue(subject ? 'body' : 'subject', m.mailx_texts_half());
					else if (subject.length > MAX_SUBJECT)
						issue('subject', m.mailx_err_too_long({ max: MAX_SUBJECT }));
					else if (body.length > MAX_BODY) issue('body', m.mailx_err_too_long({ max: MAX_BODY }));
				}
			})
		);

export const load = (async ({ locals, url }) => {
	const db = getDb();
	const companyId = locals.company!.id;
	const saved = await savedEmailTexts(db, companyId);
	const texts: Record<string, string> = {};
	for (const kind of TEXT_KINDS)
		for (const locale of TEXT_LOCALES) {
			const t = saved.get(key(kind, locale)) ?? defaultEmailText(kind, locale);
			texts[`${key(kind, locale)}.subject`] = t.subject;
			texts[`${key(kind, locale)}.body`] = t.body;
		}
	const smtp = await getCompanySmtp(db, companyId);
	return {
		smtp: smtp && {
			host: smtp.host,
			port: String(smtp.port),
			security: smtp.security,
			username: smtp.username,
			fromAddress: smtp.fromAddress,
			hasPassword: smtp.hasPassword
		},
		userEmail: locals.user!.email,
		texts,
		canEdit: canEditCompany(locals.user!.role),
		done: url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	texts: async ({ locals, request }) => {
		assertCanEdit(locals.user);
		const form = parseForm(textsSchema(), await request.formData());
		if (!form.ok) return fail(422, { form: 'texts', values: form.values, errors: form.errors });
		const texts = TEXT_KEYS.map(({ kind, locale, k }) => ({
			kind,
			locale,
			subject: form.data[`${k}.subject`] ?? '',
			body: form.data[`${k}.body`] ?? ''
		}));
		await saveEmailTexts(getDb(), locals.company!.id, texts);
		redirect(303, '/settings/email?done=texts');
	},
	smtp: async ({ locals, request }) => {
		assertCanEdit(locals.user);
		const parsed = await checkSmtpForm(await request.formData());
		const values = safe(parsed.values);
		if (!parsed.ok) return fail(422, { form: 'smtp', values, errors: parsed.errors });
		const keys = tokenKeyringOrNull();
		if (!keys) {
			return fail(503, {
				form: 'smtp',
				values,
				errors: { form: m.share_err_unavailable() }
			});
		}
		await saveCompanySmtp(getDb(), keys, locals.company!.id, parsed.settings);
		redirect(303, '/settings/email?done=smtp');
	},
	smtpRemove: async ({ locals }) => {
		assertCanEdit(locals.user);
		await removeCompanySmtp(getDb(), locals.company!.id);
		redirect(303, '/settings/email?done=smtp_removed');
	},
	smtpTest: async ({ locals, request }) => {
		assertCanEdit(locals.user);
		const read = await checkSmtpForm(await request.formData());
		const values = safe(read.values);
		// Nothing typed: test the route mail takes now (the saved server, or the platform's).
		const parsed = (values.host ?? '').trim() !== '' ? read : null;
		if (parsed && !parsed.ok) {
			return fail(422, { form: 'smtp', values, errors: parsed.errors });
		}
		const to = locals.user!.email;
		const { outcome } = await sendTestEmail(getDb(), tokenKeyringOrNull(), {
			companyId: locals.company!.id,
			companyName: locals.company!.name,
			to,
			locale: getLocale() as 'fr' | 'nl' | 'en',
			settings: parsed?.ok ? parsed.settings : null
		});
		if (outcome.status === 'sent') {
			return {
				form: 'smtp',
				values,
				tested: m.mailx_test_sent({ email: to, reply: outcome.response })
			};
		}
		const reason =
			outcome.status === 'failed'
				? `${mailErrorText(outcome.errorKind)} ${m.mail_error_detail({ detail: outcome.detail })}`
				: mailErrorText(null);
		return fail(502, {
			form: 'smtp',
			values,
			errors: { form: m.mailx_test_failed({ reason }) }
		});
	}
} satisfies Actions;

/** What goes back to the form: everything typed but the password. */
const safe = (v: Record<string, string>): Record<string, string> => ({ ...v, password: '' });
