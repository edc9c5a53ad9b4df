#!/usr/bin/env bash
# Probe: builds the extension (chrome + firefox) into $1 with timing marks in the page hook's
# start-up, for bench/probe/hook-timing.ts. The marks are patched into a copy of the sources
# (src/page/install-hooks.ts and the generated hook function) and the tree is put back, so
# the marks never reach a real build.
set -euo pipefail
out=${1:?usage: instrumented-build.sh OUT_DIR}
cd "$(dirname "$0")/../.."
cp src/page/install-hooks.ts /tmp/install-hooks.ts.orig
restore() { cp /tmp/install-hooks.ts.orig src/page/install-hooks.ts; npm run build:page-hook >/dev/null; }
trap restore EXIT
python3 - <<'EOF'
p = 'src/page/install-hooks.ts'
s = open(p).read()
M = lambda l: f"(globalThis as any).__msT.push(['{l}', performance.now()]);"
marks = [
    ("  disguiseToString(win.Function.prototype);\n", "  " + M('start-realm') + "\n  disguiseToString(win.Function.prototype);\n  " + M('disguise') + "\n"),
    ("  installWasmHooks(ctx);\n", "  installWasmHooks(ctx);\n  " + M('wasm') + "\n"),
    ("  installWorkerHooks(ctx);\n", "  installWorkerHooks(ctx);\n  " + M('worker') + "\n"),
    ("  installBlobRegistry(win);\n", "  installBlobRegistry(win);\n  " + M('blob') + "\n"),
    ("  installWebSocketHooks(ctx);\n", "  installWebSocketHooks(ctx);\n  " + M('ws') + "\n"),
    ("  installRegistrationHooks(ctx);\n", "  installRegistrationHooks(ctx);\n  " + M('registration') + "\n"),
    ("  if (!claimRealm(win)) return false;\n  installRealm(win, openChannel(), workerHook, null);\n",
     "  if (!claimRealm(win)) return false;\n  " + M('claimed') + "\n  const ch = openChannel();\n  " + M('channel') + "\n  installRealm(win, ch, workerHook, null);\n  " + M('childrealm') + "\n"),
    ("  armRealmGuard();\n  return true;", "  armRealmGuard();\n  " + M('guard') + "\n  return true;"),
]
for a, b in marks:
    assert a in s, f'install-hooks.ts changed: {a!r} not found'
    s = s.replace(a, b)
open(p, 'w').write(s)
EOF
npm run build:page-hook >/dev/null
python3 - <<'EOF'
p = 'src/page/generated/hook-function.js'
s = open(p).read()
head = "function minerSentryHook(boot) {\n'use strict';\n"
tail = "\n__minerSentryHook.run(boot, minerSentryHook);"
assert head in s and tail in s, 'hook-function.js changed shape'
s = s.replace(head, head + "(globalThis.__msT = []).push(['t0', performance.now()]);\n", 1)
s = s.replace(tail, "\nglobalThis.__msT.push(['toplevel', performance.now()]);" + tail, 1)
open(p, 'w').write(s)
EOF
npx vite build --mode chrome >/dev/null 2>&1
npx vite build --mode firefox >/dev/null 2>&1
rm -rf "$out"; mkdir -p "$out"; cp -r dist/chrome dist/firefox "$out"/
echo "instrumented build in $out (dist/ holds it too until the next build)"
