// Bounds shared by the policy parser, the schema in managed_schema.json and the UI.

export const MIN_UPDATE_INTERVAL_MINUTES = 15;
/** One week: a list older than that is stale for a miner blocklist. */
export const MAX_UPDATE_INTERVAL_MINUTES = 10080;
export const DEFAULT_UPDATE_INTERVAL_MINUTES = 1440;

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 365;
export const DEFAULT_RETENTION_DAYS = 30;

/** Header values travel in every report; anything longer is a mistake, not a token. */
export const MAX_AUTH_HEADER_LENGTH = 4096;
