// Stands in for pdf-lib, @pdf-lib/fontkit, qrcode, papaparse and fast-xml-parser in the app
// Worker's bundle (wrangler.toml `[alias]`): on Cloudflare, PDFs, QR codes, CSV rows and XML are
// made by the acquit-documents Worker (worker/documents/) through the DOCUMENTS service binding,
// which keeps about 590 KB gzip of code out of the app Worker. Reached only when that binding is
// missing: src/lib/server/pdf/{index,documents}.ts then fall back to the in-process makers, whose
// imports land here and fail with this message. CommonJS with
// exports the bundler can't list, so it accepts (and doesn't warn about) any named import.
function absent() {
	throw new Error(
		'PDFs, QR codes, CSV and XML are made by the acquit-documents Worker: deploy worker/documents/ and bind it as DOCUMENTS (README → Deploying)'
	);
}
module.exports = absent();
