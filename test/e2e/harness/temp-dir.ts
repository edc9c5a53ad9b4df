import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const makeTempDir = (prefix: string) => mkdtemp(join(tmpdir(), `miner-sentry-${prefix}-`));

export const removeTempDir = (dir: string) => rm(dir, { recursive: true, force: true, maxRetries: 3 });
