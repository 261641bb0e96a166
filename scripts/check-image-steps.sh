#!/usr/bin/env bash
# Runs the Dockerfile's steps without Docker, for machines with no Docker engine (and CI):
#   build stage: the same files, `npm ci` (compiles hnswlib-node, tsc -> dist/, the model), `npm prune --omit=dev`
#   run stage:   the same files copied into a fresh folder, the Dockerfile's ENV (with /app
#                mapped to that folder), then the Dockerfile's CMD, with no network.
# Checks: no dev tooling is left, the CMD (run as a non-root user with only data/ writable) answers (the chat refuses without a terminal,
# the bot fails to log in without a network), and the CLI answers from the compiled code.
#
#   scripts/check-image-steps.sh            (KEEP=1 keeps the temp folder)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ask-the-article-image.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
BUILD="$WORK/build"
APP="$WORK/app"
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "build stage: npm ci && npm prune --omit=dev in $BUILD"
mkdir -p "$BUILD"
cd "$ROOT"
cp package.json package-lock.json tsconfig.json tsconfig.build.json "$BUILD/"
cp -r src scripts "$BUILD/"
started=$(date +%s)
(cd "$BUILD" && npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund)
echo "build stage took $(( $(date +%s) - started )) s"

step "run stage: assemble $APP"
mkdir -p "$APP/data"
cp "$BUILD/package.json" "$APP/"
cp -r "$BUILD/node_modules" "$BUILD/dist" "$BUILD/models" "$APP/"
cp -r "$ROOT/corpus" "$APP/"
for dev in typescript tsx vitest eslint; do
  [ ! -e "$APP/node_modules/$dev" ] || fail "dev dependency $dev is in the image"
done
[ -f "$APP/node_modules/hnswlib-node/build/Release/addon.node" ] || fail "hnswlib-node was not compiled"
[ -f "$APP/models/all-MiniLM-L6-v2/onnx/model.onnx" ] || [ -n "$(ls "$APP/models"/*/onnx 2>/dev/null)" ] || fail "the model was not built"
echo "size: node_modules $(du -sh "$APP/node_modules" | cut -f1), dist $(du -sh "$APP/dist" | cut -f1), models $(du -sh "$APP/models" | cut -f1)"

# The run stage's ENV and CMD, read from the Dockerfile itself so the two cannot drift apart.
mapfile -t RUN_ENV < <(node -e '
  const text = require("fs").readFileSync(process.argv[1], "utf8").replace(/\\\n/g, " ");
  const runStage = text.split(/^FROM /m).at(-1);
  for (const line of runStage.split("\n").filter((l) => l.startsWith("ENV ")))
    for (const pair of line.slice(4).trim().split(/\s+/)) console.log(pair.replaceAll("/app", process.argv[2]));
' "$ROOT/Dockerfile" "$APP")
mapfile -t CMD < <(node -e '
  const line = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l.startsWith("CMD ")).at(-1);
  for (const part of JSON.parse(line.slice(4))) console.log(part);
' "$ROOT/Dockerfile")
[ "${CMD[0]}" = node ] || fail "the CMD does not run node directly: ${CMD[*]}"
echo "ENV ${RUN_ENV[*]}"
echo "CMD ${CMD[*]}"

# No network at run time, as in a locked-down container (unshare when this user may).
NO_NET=()
if unshare -rn true 2>/dev/null; then NO_NET=(unshare -rn); else echo "(unshare not permitted: running with the network)"; fi
# As the image's non-root user: everything but data/ is owned by someone else and read-only to it.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 755 "$WORK"
  chown -R 65534:65534 "$APP/data"
  NO_NET=(setpriv --reuid=65534 --regid=65534 --clear-groups "${NO_NET[@]}")
  echo "running as uid 65534 with only data/ writable"
fi

step "CMD without DISCORD_TOKEN and without a terminal: exits 1 with one line"
set +e
out=$(cd "$APP" && env -i PATH="$PATH" HOME="$WORK" "${RUN_ENV[@]}" "${NO_NET[@]}" "${CMD[@]}" </dev/null 2>&1); code=$?
set -e
echo "$out"
[ "$code" = 1 ] || fail "exit code $code, expected 1"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "expected one line"
[[ "$out" == *DISCORD_TOKEN* ]] || fail "the line does not mention DISCORD_TOKEN"

step "the compiled CLI answers offline (builds the index into the data volume)"
started=$(date +%s%N)
answer=$(cd "$APP" && env -i PATH="$PATH" HOME="$WORK" "${RUN_ENV[@]}" "${NO_NET[@]}" node dist/src/cli.js --json "What did Danny Ayalon call the MoU?")
echo "first answer after $(( ($(date +%s%N) - started) / 1000000 )) ms (index built on the way)"
[[ "$answer" == *'"answered":true'* && "$answer" == *"massive surrender"* ]] || fail "no answer: $answer"
[ -e "$APP/data/index/CURRENT" ] || fail "no index in the data volume"

step "CMD with a token and no network: loads everything, then fails to log in with exit 1"
set +e
out=$(cd "$APP" && env -i PATH="$PATH" HOME="$WORK" "${RUN_ENV[@]}" DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB \
  timeout 60 "${NO_NET[@]}" "${CMD[@]}" </dev/null 2>&1); code=$?
set -e
echo "$out" | tail -3
[ "$code" = 1 ] || fail "exit code $code, expected 1"
[[ "$out" == *"Could not log in"* || "$out" == *"Discord rejected"* ]] || fail "expected a login failure"

printf '\nOK: the image steps build, and the compiled command runs as the container would.\n'
