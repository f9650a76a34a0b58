import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrateDatabase } from '../../scripts/lib/db';

// Each e2e run starts from an empty database with the real migrations.
export default async function globalSetup() {
	const file = process.env.E2E_DB_FILE!;
	rmSync(dirname(file), { recursive: true, force: true });
	await migrateDatabase(`file:${file}`);
}
