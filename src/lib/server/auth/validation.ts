import { m } from '$lib/paraglide/messages';
import * as z from 'zod';

export const email = () =>
	z
		.string()
		.trim()
		.toLowerCase()
		.min(1, { error: () => m.error_required() })
		.max(254, { error: () => m.error_too_long({ max: 254 }) })
		.pipe(z.email({ error: () => m.error_email() }));

export const newPassword = () =>
	z
		.string()
		.min(10, { error: () => m.error_password_short({ min: 10 }) })
		.max(200, { error: () => m.error_too_long({ max: 200 }) });

export const requiredText = (max: number) =>
	z
		.string()
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(max, { error: () => m.error_too_long({ max }) });
