import type { Db } from '../db';
import type { MailTransport } from '../mail/message';
import type { Keyring } from '../secrets/crypto';
import { createAccount, type Locale } from './accounts';
import { sendEmailConfirmation, sendSignupAttemptNotice } from './emailConfirmation';

/**
 * Sign-up that answers alike for a new and a taken address. Both do the same scrypt work
 * (createAccount hashes before it looks the address up) and leave their mail to `background`:
 * a new account gets the link that confirms its address, the owner of a taken address a notice
 * ("someone tried to sign up with your address: log in or reset your password") and nothing is
 * created. Returns the new user's id (the caller signs them in: the account is usable at once)
 * or null.
 */
export async function signUp(
	db: Db,
	keys: Keyring | null,
	input: {
		email: string;
		password: string;
		name: string;
		companyName: string;
		locale: Locale;
		baseUrl: string;
	},
	background: (work: Promise<unknown>) => void,
	options: { now?: number; transport?: MailTransport } = {}
): Promise<{ userId: string } | null> {
	const { baseUrl, ...account } = input;
	const result = await createAccount(db, account);
	if (result.ok) {
		background(
			sendEmailConfirmation(db, keys, { userId: result.userId, baseUrl }, background, options)
		);
		return { userId: result.userId };
	}
	background(
		sendSignupAttemptNotice(db, keys, { email: input.email, baseUrl }, background, options)
	);
	return null;
}
