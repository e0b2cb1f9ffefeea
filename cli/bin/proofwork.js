#!/usr/bin/env node
// The proofwork command: TypeScript sources run through tsx, like the rest of Proofwork.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
