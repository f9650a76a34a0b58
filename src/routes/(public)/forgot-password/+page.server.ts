import {
	clientIp,
	hit,
	RESET_EMAIL_LIMIT,
	RESET_IP_LIMIT,
	type Hit
} from '$lib/server/auth/rateLimit';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { email } from '$lib/server/auth/validation';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { publicBaseUrl } from '$lib/server/mail/baseUrl';
import { inBackground } from '$lib/server/mail/background';
import { tokenKeyringOrNull } from '$lib/server/secrets/keyring';
import { fail } from '@sveltejs/kit';
import * as z from 'zod/mini';
import type { Actions } from './$types';

const schema = () => z.object({ email: email() });

export const actions = {
	default: async ({ request, url, getClientAddress, platform }) => {
		const form = parseForm(schema(), await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
		const db = getDb();
		const ip = clientIp(getClientAddress);
		const hits: (Hit | null)[] = await Promise.all([
			hit(db, `reset:email:${form.data.email}`, RESET_EMAIL_LIMIT),
			ip ? hit(db, `reset:ip:${ip}`, RESET_IP_LIMIT) : null
		]);
		// Over the limit nothing is sent, but the answer stays the same: it must not tell an
		// attacker whether the address exists, nor whether they have been throttled.
		if (hits.every((h) => h === null || h.allowed)) {
			await requestPasswordReset(
				db,
				tokenKeyringOrNull(),
				{ email: form.data.email, baseUrl: publicBaseUrl(url) },
				inBackground(platform)
			);
		}
		return { sent: true, values: form.values };
	}
} satisfies Actions;
