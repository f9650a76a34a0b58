import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

// A document's language is fixed for its life: switching it posts /locale, which loads a new
// page. Paraglide's getLocale reads the cookie again at every message (hundreds while a page
// hydrates); it is read once here.
const locale = getLocale();
overwriteGetLocale(() => locale);
