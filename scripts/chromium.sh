# shellcheck shell=bash
# Sourced by scripts/test.sh: provides Debian's Chromium for the console's browser tests
# (test/e2e/console_*_test.go, driven by chromedp) and exports RAMPART_CHROMIUM.
#
# Uses /usr/bin/chromium when present; otherwise installs the `chromium` package when running as
# root. Under CI=true a browser that cannot be provided fails the run; locally it only warns, and
# the browser tests skip themselves loudly.

. "$(dirname "${BASH_SOURCE[0]}")/provide.sh"

rampart_chromium() {
	local bin=/usr/bin/chromium
	if [ ! -x "$bin" ]; then
		rampart_apt_install chromium.sh "the console's browser tests" chromium || return 1
	fi
	if ! "$bin" --version >/dev/null 2>&1; then
		rampart_missing chromium.sh "the console's browser tests" "$bin does not run"
		return 1
	fi
	export RAMPART_CHROMIUM="$bin"
	echo "chromium.sh: $("$bin" --version 2>/dev/null)"
}

rampart_chromium || true
