import { migrateDatabase } from './lib/db';

const url = process.env.DATABASE_URL || 'file:data/acquit.db';
await migrateDatabase(url, process.env.DATABASE_AUTH_TOKEN);
console.log(`Migrated ${url.replace(/\?.*$/, '')}`);
