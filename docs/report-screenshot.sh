#!/usr/bin/env bash
# Renders a run's HTML report in headless Chromium and saves a screenshot, to check that the
# self-contained report draws (no network, no scripts).
#   apt-get install chromium
#   docs/report-screenshot.sh RUN_DIR [OUT.png]     (default: docs/report.png)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
run="${1:?usage: docs/report-screenshot.sh RUN_DIR [OUT.png]}"
png="${2:-$root/docs/report.png}"
cli="$root/annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar"
java -jar "$cli" report --run "$run" --out "$run/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1240,1700 \
    --screenshot="$png" "file://$(cd "$run" && pwd)/report.html" 2>/dev/null
echo "screenshot: $png"
