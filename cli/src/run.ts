// The proofwork command's entry point: runs the command line it was given and exits with its code.
import { main } from './main';

process.exitCode = await main(process.argv);
