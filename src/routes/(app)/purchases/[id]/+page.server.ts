import { getDb } from '$lib/server/db';
import { embeddedPdf, markReceivedPaid, receivedDocument } from '$lib/server/peppol/exchange';
import { formMessage, parseForm } from '$lib/server/forms';
import { flagField } from '$lib/server/formFields';
import { error, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const row = await receivedDocument(getDb(), locals.company!.id, params.id);
	if (!row) error(404);
	const { xml, ...doc } = row;
	return { doc, hasPdf: !!(xml && embeddedPdf(xml)) };
}) satisfies PageServerLoad;

export const actions = {
	paid: async ({ locals, params, request }) => {
		const db = getDb();
		const companyId = locals.company!.id;
		// Not this company's purchase: 404 whatever the form holds (checked before reading it).
		if (!(await receivedDocument(db, companyId, params.id))) error(404);
		const form = parseForm(z.object({ paid: flagField() }), await request.formData());
		if (!form.ok) return formMessage(400, form.errors.paid!, form.values);
		if (!(await markReceivedPaid(db, companyId, params.id, form.data.paid))) error(404);
		redirect(303, `/purchases/${params.id}`);
	}
} satisfies Actions;
