/**
 * Svelte's hydration writes every `value={…}` back over its input (sveltejs/kit#8895), so what
 * someone typed while the page's JavaScript was still loading was silently replaced — an IBAN
 * typed early on a slow phone was saved empty. This inline script, in the head before any input
 * exists, remembers each control the user changes; `restoreTyped()` (src/lib/keepTyped.ts) puts
 * those values back once the page has hydrated.
 */
const SCRIPT =
	'<script>(function(){var m=new Map,k=function(e){var t=e.target;' +
	"if(t&&t.form!==void 0&&t.type!=='file')" +
	"m.set(t,t.type==='checkbox'||t.type==='radio'?t.checked:t.value)};" +
	"addEventListener('input',k,true);addEventListener('change',k,true);" +
	'window.__acquitTyped={values:m,listener:k}})()</script>';

export const KEEP_TYPED_PLACEHOLDER = '<!--acquit:keep-typed-->';

/**
 * Fills app.html's placeholder: the script on pages that hydrate, nothing on pages rendered
 * without client-side JavaScript (the public pay page stays script-free). Kit's boot script,
 * which names the `__sveltekit_…` global, is on exactly the pages that hydrate and is part of the
 * first chunk, the one that holds the placeholder (only streamed data comes later).
 */
export function keepTyped(html: string): string {
	if (!html.includes(KEEP_TYPED_PLACEHOLDER)) return html;
	const hydrates = html.includes('__sveltekit_');
	return html.replace(KEEP_TYPED_PLACEHOLDER, hydrates ? SCRIPT : '');
}
