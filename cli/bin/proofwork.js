#!/usr/bin/env node
// The proofwork command: TypeScript sources run through tsx, like the rest of Proofwork
// (`npm run cli:build` bundles the same entry into cli/dist/proofwork.js, which starts faster).
import { register } from 'tsx/esm/api';

register();
await import('../src/run.ts');
