// The keep-typed recorder's source (see keepTyped.ts), in plain JavaScript so svelte.config.js
// can hash it for the Content-Security-Policy: the page carries exactly this text inline.
export const KEEP_TYPED_JS =
	'(function(){var m=new Map,k=function(e){var t=e.target;' +
	"if(t&&t.form!==void 0&&t.type!=='file')" +
	"m.set(t,t.type==='checkbox'||t.type==='radio'?t.checked:t.value)};" +
	"addEventListener('input',k,true);addEventListener('change',k,true);" +
	'window.__acquitTyped={values:m,listener:k}})()';
