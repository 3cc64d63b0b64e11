#!/usr/bin/env node
// The `xinfang` command. TypeScript sources run through tsx's loader, so there is no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main, reportError } = await import('../src/cli/main.ts');
try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  process.exit(reportError(err));
}
