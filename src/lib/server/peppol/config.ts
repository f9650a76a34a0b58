import { peppolSettings } from '../config';

export interface PeppolConfig {
	/** The access point's API (e-invoice.be's by default; the local sandbox in dev and tests). */
	apiUrl: string;
	apiKey: string;
	/** Per request. */
	timeoutMs: number;
}

/** Peppol is switched on for this server when an access-point key is configured. */
export function peppolEnabled(): boolean {
	return Boolean(peppolSettings().apiKey);
}

/** Reads the configuration (never at module scope: Workers set env per request). */
export function peppolConfig(): PeppolConfig {
	const { apiUrl, apiKey } = peppolSettings();
	if (!apiKey) throw new Error('PEPPOL_API_KEY is not set: Peppol is off');
	return { apiUrl, apiKey, timeoutMs: 15_000 };
}
