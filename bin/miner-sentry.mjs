#!/usr/bin/env node
// The CLI is written in TypeScript next to the engine it drives; tsx runs it as is,
// so there is no second build to keep in step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
