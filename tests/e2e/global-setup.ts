import { rmSync } from 'node:fs';
import { migrateDatabase } from '../../scripts/lib/db';

// Each e2e run starts from an empty database with the real migrations.
export default async function globalSetup() {
	rmSync('.tmp/e2e', { recursive: true, force: true });
	await migrateDatabase('file:.tmp/e2e/acquit.db');
}
