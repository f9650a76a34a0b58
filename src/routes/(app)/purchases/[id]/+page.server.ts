import { getDb } from '$lib/server/db';
import { embeddedPdf, markReceivedPaid, receivedDocument } from '$lib/server/peppol/exchange';
import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const row = await receivedDocument(getDb(), locals.company!.id, params.id);
	if (!row) error(404);
	const { xml, ...doc } = row;
	return { doc, hasPdf: !!(xml && embeddedPdf(xml)) };
}) satisfies PageServerLoad;

export const actions = {
	paid: async ({ locals, params, request }) => {
		const paid = (await request.formData()).get('paid') === '1';
		if (!(await markReceivedPaid(getDb(), locals.company!.id, params.id, paid))) error(404);
		redirect(303, `/purchases/${params.id}`);
	}
} satisfies Actions;
