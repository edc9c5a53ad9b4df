// Ports come from flags first, then the environment, so `npm start`, the e2e
// harness and a person poking around can each run a server without colliding.
const DEFAULTS = { host: '127.0.0.1', port: 8080, altPort: 8081, jobIntervalMs: 15_000 };

const FLAGS = {
  '--host': ['host', String],
  '--port': ['port', Number],
  '--alt-port': ['altPort', Number],
  '--job-interval': ['jobIntervalMs', Number],
};

export function demoOptions(argv = [], env = {}) {
  const opts = {
    host: env.DEMO_HOST ?? DEFAULTS.host,
    port: env.DEMO_PORT !== undefined ? Number(env.DEMO_PORT) : DEFAULTS.port,
    altPort: env.DEMO_ALT_PORT !== undefined ? Number(env.DEMO_ALT_PORT) : DEFAULTS.altPort,
    jobIntervalMs: env.DEMO_JOB_INTERVAL_MS !== undefined ? Number(env.DEMO_JOB_INTERVAL_MS) : DEFAULTS.jobIntervalMs,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = argv[i].split('=', 2);
    const spec = FLAGS[flag];
    if (!spec) throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(FLAGS).join(', ')})`);
    const raw = inlineValue ?? argv[++i];
    if (raw === undefined) throw new Error(`${flag} needs a value`);
    opts[spec[0]] = spec[1](raw);
  }
  for (const key of ['port', 'altPort', 'jobIntervalMs']) {
    if (!Number.isInteger(opts[key]) || opts[key] < 0) throw new Error(`${key} must be a non-negative integer, got ${opts[key]}`);
  }
  return opts;
}
