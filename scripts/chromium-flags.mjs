// Flags every headless Chromium we start needs on these machines: root (no sandbox), no GPU,
// and none of the background connections a closed network refuses many times a second.
// Shared by the e2e harness, the benchmarks, the reliability suite and the icon renderer.
export const CHROMIUM_BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
