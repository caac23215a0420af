# shellcheck shell=bash
# Sourced by scripts/test.sh: provides the C compiler the race detector needs (go test -race builds
# with cgo) and sets RAMPART_RACE to -race when it can run.
#
# Uses the compiler `go env CC` names when present; otherwise installs Debian's gcc package when
# running as root. Under CI=true a compiler that cannot be provided fails the run; locally it only
# warns, and the packages' tests run without the race detector.

. "$(dirname "${BASH_SOURCE[0]}")/provide.sh"

rampart_cc() {
	RAMPART_RACE=
	local cc
	cc=$(go env CC)
	if ! command -v "$cc" >/dev/null 2>&1; then
		rampart_apt_install cc.sh "the race detector" gcc libc6-dev || return 1
	fi
	RAMPART_RACE=-race
	echo "cc.sh: $("$cc" --version 2>/dev/null | head -1)"
}

rampart_cc || true
