import { m } from '$lib/paraglide/messages';

const LABELS: Record<string, () => string> = {
	name: m.cust_name,
	contactPerson: m.cust_contact,
	emails: m.cust_emails,
	phone: m.cust_phone,
	locale: m.cust_language,
	street: m.cust_street,
	postalCode: m.cust_postal_code,
	city: m.cust_city,
	country: m.cust_country,
	vatNumber: m.cust_vat,
	paymentTermDays: m.cust_term,
	notes: m.cust_notes
};

/** The customer form's label for a field named in an import error. */
export const fieldLabel = (field: string) => (LABELS[field] ?? (() => field))();
