import { describe } from 'vitest';
import { missingRuleFile } from '../rules.ts';

/**
 * `describe` for suites that need OpenPeppol's official rules (`../shared/peppol`). In CI
 * (`CI` set and not "false") missing rules fail the run: the suite runs and its tests fail. On a
 * developer machine without them the suite is skipped, with a message saying which file is
 * missing and what was skipped.
 */
export function describeWithRules(skipped: string): typeof describe {
	const missing = missingRuleFile();
	const inCi = !!process.env.CI && process.env.CI !== 'false';
	if (missing && !inCi) console.warn(`Peppol rules missing (${missing}): ${skipped} skipped.`);
	return describe.skipIf(missing !== null && !inCi) as typeof describe;
}
