import { m } from '$lib/paraglide/messages';
import * as z from 'zod/mini';

export const email = () =>
	z.pipe(
		z
			.string()
			.check(
				z.trim(),
				z.toLowerCase(),
				z.minLength(1, { error: () => m.error_required() }),
				z.maxLength(254, { error: () => m.error_too_long({ max: 254 }) })
			),
		z.email({ error: () => m.error_email() })
	);

export const newPassword = () =>
	z
		.string()
		.check(
			z.minLength(10, { error: () => m.error_password_short({ min: 10 }) }),
			z.maxLength(200, { error: () => m.error_too_long({ max: 200 }) })
		);

export const requiredText = (max: number) =>
	z
		.string()
		.check(
			z.trim(),
			z.minLength(1, { error: () => m.error_required() }),
			z.maxLength(max, { error: () => m.error_too_long({ max }) })
		);
