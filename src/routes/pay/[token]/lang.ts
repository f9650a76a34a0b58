export type PayLang = 'fr' | 'nl' | 'en';

/** The language asked for in the URL, else the customer's (the document's) language. */
export function payLang(asked: string | null, fallback: string): PayLang {
	if (asked === 'fr' || asked === 'nl' || asked === 'en') return asked;
	return fallback === 'fr' || fallback === 'nl' ? fallback : 'en';
}
