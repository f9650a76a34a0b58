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
	savedEmailTexts,
	TEXT_KINDS,
	TEXT_LOCALES,
	type TextKind,
	type TextLocale
} from '$lib/server/mail/texts';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const key = (kind: TextKind, locale: TextLocale) => `${kind}.${locale}`;

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
	return {
		texts,
		canEdit: canEditCompany(locals.user!.role),
		done: url.searchParams.get('done')
	};
}) satisfies PageServerLoad;

export const actions = {
	texts: async ({ locals, request }) => {
		assertCanEdit(locals.user);
		const data = await request.formData();
		const values: Record<string, string> = {};
		const errors: Record<string, string> = {};
		const texts: { kind: TextKind; locale: TextLocale; subject: string; body: string }[] = [];
		for (const kind of TEXT_KINDS)
			for (const locale of TEXT_LOCALES) {
				const k = key(kind, locale);
				values[`${k}.subject`] = String(data.get(`${k}.subject`) ?? '');
				values[`${k}.body`] = String(data.get(`${k}.body`) ?? '');
				const subject = cleanSubject(values[`${k}.subject`]);
				const body = cleanBody(values[`${k}.body`]);
				if (!subject !== !body) {
					errors[subject ? `${k}.body` : `${k}.subject`] = m.mailx_texts_half();
				} else if (subject.length > MAX_SUBJECT) {
					errors[`${k}.subject`] = m.mailx_err_too_long({ max: MAX_SUBJECT });
				} else if (body.length > MAX_BODY) {
					errors[`${k}.body`] = m.mailx_err_too_long({ max: MAX_BODY });
				}
				texts.push({ kind, locale, subject, body });
			}
		if (Object.keys(errors).length) return fail(422, { form: 'texts', values, errors });
		await saveEmailTexts(getDb(), locals.company!.id, texts);
		redirect(303, '/settings/email?done=texts');
	}
} satisfies Actions;
