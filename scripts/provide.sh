# shellcheck shell=bash
# Sourced by the scripts that provide what the tests need (postgres.sh, chromium.sh, cc.sh): how
# they install one of Debian's packages, and how they give up.

# rampart_missing SCRIPT TESTS MESSAGE... says that SCRIPT cannot provide what TESTS need. Under
# CI=true, where nothing may be skipped, it ends the run; otherwise it warns that TESTS will be
# skipped and returns 1.
rampart_missing() {
	local script=$1 tests=$2
	shift 2
	if [ "${CI:-}" = "true" ]; then
		echo "$script: FATAL (CI=true): $* -- $tests must run in CI" >&2
		exit 1
	fi
	echo "$script: WARNING: $* -- $tests will be SKIPPED" >&2
	return 1
}

# rampart_apt_install SCRIPT TESTS PACKAGE... installs Debian's PACKAGEs, which TESTS need, when
# running as root; when it cannot, it is rampart_missing.
rampart_apt_install() {
	local script=$1 tests=$2
	shift 2
	if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
		rampart_missing "$script" "$tests" "$* not installed, and not root to install it"
		return 1
	fi
	echo "$script: installing Debian's $*"
	if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }; then
		rampart_missing "$script" "$tests" "apt-get install $* failed"
		return 1
	fi
}
