# shellcheck shell=bash
# Sourced by scripts/test.sh: provides the C compiler the race detector needs (go test -race builds
# with cgo) and sets RAMPART_RACE to -race when it can run.
#
# Uses the compiler `go env CC` names when present; otherwise installs Debian's gcc package when
# running as root. Under CI=true a compiler that cannot be provided fails the run; locally it only
# warns, and the packages' tests run without the race detector.

rampart_cc_fail() {
	if [ "${CI:-}" = "true" ]; then
		echo "cc.sh: FATAL (CI=true): $* -- the race detector must run in CI" >&2
		exit 1
	fi
	echo "cc.sh: WARNING: $* -- the tests will run WITHOUT the race detector" >&2
	return 1
}

rampart_cc() {
	RAMPART_RACE=
	local cc
	cc=$(go env CC)
	if ! command -v "$cc" >/dev/null 2>&1; then
		if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
			echo "cc.sh: installing Debian's gcc package"
			if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null; }; then
				rampart_cc_fail "apt-get install gcc failed"
				return 1
			fi
		else
			rampart_cc_fail "no C compiler ($cc), and not root to install the gcc package"
			return 1
		fi
	fi
	RAMPART_RACE=-race
	echo "cc.sh: $("$cc" --version 2>/dev/null | head -1)"
}

rampart_cc || true
