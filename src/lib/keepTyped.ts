type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

declare global {
	interface Window {
		/** Set by the inline script of src/lib/server/keepTyped.ts until the page has hydrated. */
		__acquitTyped?: { values: Map<Control, string | boolean>; listener: (e: Event) => void };
	}
}

const isToggle = (el: Control): el is HTMLInputElement =>
	el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');

/**
 * Once hydrated: puts back what the user typed or chose before hydration overwrote it, and
 * announces it with input and change events so bound state and live totals follow.
 */
export function restoreTyped() {
	const typed = window.__acquitTyped;
	if (!typed) return;
	delete window.__acquitTyped;
	removeEventListener('input', typed.listener, true);
	removeEventListener('change', typed.listener, true);
	for (const [el, value] of typed.values) {
		if (!el.isConnected) continue;
		if (isToggle(el)) el.checked = value === true;
		else el.value = String(value);
		// Announced even when hydration left the value alone: `bind:value` keeps an early value
		// in the input, but what is computed from it (live totals) only follows an event.
		el.dispatchEvent(new Event('input', { bubbles: true }));
		el.dispatchEvent(new Event('change', { bubbles: true }));
	}
}
