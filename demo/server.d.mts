// Types for the e2e harness, which starts the demo in-process.
export interface RequestLogEntry { time: number; method: string; host: string; url: string; port: number }
export interface PoolStats { connections: number; logins: number; submits: number; messages: number; lastLogin?: { login: string | null; agent: string | null; time: number } | null }
export interface DemoServer {
  host: string;
  port: number;
  altPort: number;
  origin: string;
  altOrigin: string;
  poolUrl: string;
  log: { query(filter?: { host?: string }): RequestLogEntry[]; reset(): void };
  pool: { stats(): { pools: Record<string, PoolStats>; total: PoolStats }; reset(): void };
  close(): Promise<void>;
}
export function startDemoServer(options?: { host?: string; port?: number; altPort?: number; jobIntervalMs?: number }): Promise<DemoServer>;
