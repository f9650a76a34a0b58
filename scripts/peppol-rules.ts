// Compiles the official Peppol validation rules into the cache (`.tmp/peppol-rules/`) ahead of
// the tests that use them, so `npm test` can do it on the second CPU while lint and type checks
// run. Missing rules are not an error here: the validation tests report them (and fail in CI).
import { compiledRules, missingRuleFile } from '../sandbox/peppol/rules.ts';

const missing = missingRuleFile();
if (missing) {
	console.log(`Peppol rules not found (${missing}): the validation tests will say so.`);
} else {
	const { timing } = await compiledRules();
	console.log(
		timing.cached
			? 'Peppol rules already compiled.'
			: `Peppol rules compiled in ${(timing.ms / 1000).toFixed(0)} s.`
	);
}
