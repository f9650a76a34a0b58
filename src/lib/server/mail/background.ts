/**
 * Work that must finish after the response: on Workers `waitUntil` keeps the isolate alive for
 * it; on Node the promise simply runs on. Either way a failure is logged, never thrown (the
 * message's row records it and the retry pump takes over).
 */
export function inBackground(platform: App.Platform | undefined) {
	return (work: Promise<unknown>) => {
		const logged = work.catch((e) => console.error('[mail]', e));
		platform?.context?.waitUntil?.(logged);
	};
}
