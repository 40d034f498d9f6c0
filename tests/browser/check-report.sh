#!/usr/bin/env bash
# Opens the HTML report of example-repo in headless Chromium and fails when
# the page logs anything to the console or requests anything but itself.
#
# A broken control page (a console error and an image on a loopback port) is
# checked first, so a check that detects nothing fails instead of passing.
#
# Chromium's own update, sign-in and time services start requests at launch
# that the flags below do not stop. They cannot reach anything: the browser
# runs in an empty network namespace (`unshare -n`) where available, and
# resolves no host name. The check tells them apart from the page's requests
# by their initiator and lists them without failing.
#
# Usage: tests/browser/check-report.sh [--update-screenshot]
#   --update-screenshot  also write docs/report-screenshot.png
# Needs: a built policylint (cargo build), chromium (installed with apt-get
# when missing and running as root), python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

update_screenshot=false
if [[ "${1:-}" == "--update-screenshot" ]]; then
  update_screenshot=true
fi

if ! command -v chromium >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium is missing; installing it with apt-get"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
      echo "SKIP: the browser check needs chromium, and apt-get could not install it"
      exit 0
    fi
  else
    echo "SKIP: the browser check needs chromium; install it with \`apt-get install chromium\` (needs root)"
    exit 0
  fi
fi

binary=target/debug/policylint
[[ -x "$binary" ]] || cargo build --locked --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

isolate=()
if unshare -n true 2>/dev/null; then
  isolate=(unshare -n)
fi

# Runs Chromium on a file URL with a fresh profile; extra flags follow.
run_chromium() {
  local page=$1
  shift
  local profile
  profile=$(mktemp -d "$work/profile.XXXX")
  timeout 120 "${isolate[@]}" chromium --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --disable-features=NetworkTimeServiceQuerying \
    "$@" "file://$page"
}

# Loads a page, then prints its console messages and its requests; exits 1
# when there is any.
check_page() {
  local page=$1
  run_chromium "$page" --enable-logging=stderr --v=0 \
    --log-net-log="$work/net.json" --dump-dom >"$work/dom.html" 2>"$work/stderr.txt" || true
  python3 - "$page" "$work/net.json" "$work/stderr.txt" "$work/dom.html" <<'PY'
import json, sys

page, netlog, stderr, dom = sys.argv[1:5]
problems = []

for line in open(stderr, encoding="utf-8", errors="replace"):
    if ":CONSOLE" in line:
        problems.append("console: " + line.split("] ", 1)[-1].strip())

if "</html>" not in open(dom, encoding="utf-8", errors="replace").read():
    problems.append("the page did not load: the DOM dump is empty")

try:
    log = json.load(open(netlog))
except (OSError, ValueError) as error:
    problems.append(f"no network log: {error}")
    log = {"constants": {"logEventTypes": {}}, "events": []}
names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
background = set()
for event in log["events"]:
    params = event.get("params", {})
    if names.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
        continue
    url = params["url"]
    if url == "file://" + page:
        continue
    # The browser's own services have no initiating page.
    if params.get("initiator") == "not an origin":
        background.add(url.split("?", 1)[0])
    else:
        problems.append(f"request: {url}")

for url in sorted(background):
    print(f"  (browser service, blocked: {url})")
for problem in problems:
    print("  " + problem)
sys.exit(1 if problems else 0)
PY
}

# The control page must fail the check.
cat >"$work/broken.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>broken</title></head>
<body><img src="http://127.0.0.1:9/missing.png" alt=""><script>console.error("deliberate error")</script></body>
</html>
HTML
echo "control page (must report a console message and a request):"
if check_page "$work/broken.html"; then
  echo "FAIL: the check found nothing wrong with the broken control page"
  exit 1
fi

report="$work/report.html"
"$binary" report example-repo --today 2026-12-04 --html "$report"
echo "HTML report of example-repo:"
if ! check_page "$report"; then
  echo "FAIL: the report logged to the console or made requests"
  exit 1
fi
for section in coverage attributes calendar overdue owners findings; do
  if ! grep -q "id=\"$section\"" "$work/dom.html"; then
    echo "FAIL: the rendered report has no section \"$section\""
    exit 1
  fi
done

run_chromium "$report" --print-to-pdf="$work/report.pdf" --no-pdf-header-footer >/dev/null 2>&1 || true
if [[ ! -s "$work/report.pdf" ]]; then
  echo "FAIL: printing the report to PDF produced no file"
  exit 1
fi

if $update_screenshot; then
  run_chromium "$report" --window-size=1200,1500 --hide-scrollbars \
    --screenshot="$PWD/docs/report-screenshot.png" >/dev/null 2>&1
  echo "wrote docs/report-screenshot.png"
fi
echo "browser: 1 passed, 0 failed"
