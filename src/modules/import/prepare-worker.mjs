// Entry of an import worker thread: the sources are TypeScript, run through tsx's loader as in bin/xinfang.js
// (a worker does not inherit the loader its parent registered).
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
