export declare const CHROMIUM_BASE_FLAGS: readonly string[];
