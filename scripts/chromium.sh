# shellcheck shell=bash
# Sourced by scripts/test.sh: provides Debian's Chromium for the console's browser tests
# (test/e2e/console_*_test.go, driven by chromedp) and exports RAMPART_CHROMIUM.
#
# Uses /usr/bin/chromium when present; otherwise installs the `chromium` package when running as
# root. Under CI=true a browser that cannot be provided fails the run; locally it only warns, and
# the browser tests skip themselves loudly.

rampart_chromium_fail() {
	if [ "${CI:-}" = "true" ]; then
		echo "chromium.sh: FATAL (CI=true): $* -- the console's browser tests must run in CI" >&2
		exit 1
	fi
	echo "chromium.sh: WARNING: $* -- the console's browser tests will be SKIPPED" >&2
	return 1
}

rampart_chromium() {
	local bin=/usr/bin/chromium
	if [ ! -x "$bin" ]; then
		if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
			echo "chromium.sh: installing Debian's chromium package"
			if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
				rampart_chromium_fail "apt-get install chromium failed"
				return 1
			fi
		else
			rampart_chromium_fail "no $bin, and not root to install the chromium package"
			return 1
		fi
	fi
	if ! "$bin" --version >/dev/null 2>&1; then
		rampart_chromium_fail "$bin does not run"
		return 1
	fi
	export RAMPART_CHROMIUM="$bin"
	echo "chromium.sh: $("$bin" --version 2>/dev/null)"
}

rampart_chromium || true
