// `$env/dynamic/private` and `$env/dynamic/public` for scripts that run app modules under tsx
// (scripts/tsconfig.scripts.json maps both here): outside SvelteKit, env is the process's.
export const env: Record<string, string | undefined> = process.env;
