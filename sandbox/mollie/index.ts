export { startSandbox, type StartOptions, type RunningSandbox } from './server.ts';
export { Clock, MINUTE, HOUR, DAY } from './clock.ts';
export { RETRY_SCHEDULE_MS, MAX_ATTEMPTS, USER_AGENT } from './webhooks.ts';
export {
	SEED,
	DEV_CLIENT_ID,
	DEV_CLIENT_SECRET,
	DEFAULT_REDIRECT_URIS,
	defaultApps
} from './seed.ts';
export type * from './types.ts';
