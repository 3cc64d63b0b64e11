// Fails when the Drizzle schema and the committed migrations disagree: regenerating must produce no new migration.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const before = readdirSync('drizzle').length;
const out = execFileSync('npx', ['drizzle-kit', 'generate', '--name', 'check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const after = readdirSync('drizzle');
if (after.length !== before) {
  console.error('The schema changed without a migration. Run `npm run db:generate`, review and commit drizzle/.\n' + out);
  process.exit(1);
}
console.log('migrations match the schema');
