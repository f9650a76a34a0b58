import type { ClientCore } from 'mollie-api-typescript/core.js';
import { terminalsGet } from 'mollie-api-typescript/funcs/terminalsGet.js';
import { terminalsList } from 'mollie-api-typescript/funcs/terminalsList.js';
import { toMollieError, unwrap } from './errors';

/**
 * Mollie's Terminals API (`GET /v2/terminals`, `GET /v2/terminals/:id`, scope `terminals.read`):
 * the card terminals of the organisation, Mollie Tap phones included, each on one profile.
 * A terminal is `pending` until Mollie has set it up, then `active`; `inactive` ones take no
 * payments. Only `active` ones are offered for Pay at terminal.
 */

export interface MollieTerminal {
	id: string;
	description: string;
	status: string;
	brand: string | null;
	model: string | null;
	serialNumber: string | null;
	currency: string;
	profileId: string;
}

const plain = (t: MollieTerminal): MollieTerminal => ({
	id: t.id,
	description: t.description,
	status: t.status,
	brand: t.brand ?? null,
	model: t.model ?? null,
	serialNumber: t.serialNumber ?? null,
	currency: t.currency,
	profileId: t.profileId
});

/** Every terminal the token can see (the list is organisation-wide: filter by profile after). */
export async function listTerminals(client: ClientCore): Promise<MollieTerminal[]> {
	const out: MollieTerminal[] = [];
	for await (const page of await terminalsList(client, { limit: 250 })) {
		if (!page.ok) throw toMollieError(page.error);
		for (const t of page.value.result.embedded.terminals ?? []) out.push(plain(t));
	}
	return out;
}

/** One terminal, fresh from Mollie (a 404 surfaces as MollieApiError with status 404). */
export async function getTerminal(client: ClientCore, id: string): Promise<MollieTerminal> {
	return plain(unwrap(await terminalsGet(client, { terminalId: id })));
}
