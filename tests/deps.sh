#!/bin/sh
# Check the Debian packages that the build and the tests need; install the
# missing ones with apt-get when running as root, otherwise name the command.
# Arguments name packages needed beyond those (clang for make fuzz).
set -u
pkgs="gcc make pkg-config libhpdf-dev libicu-dev libyaml-dev libfreetype-dev libharfbuzz-dev libdeflate-dev
fonts-ipaexfont-mincho fonts-ipaexfont-gothic poppler-utils mupdf-tools
ghostscript qpdf python3-yaml python3-pikepdf chromium $*"
missing=""
for p in $pkgs; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$s" in
	*"ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
# node and npm (the HTML tests' tools) may come from elsewhere than Debian
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q $missing >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $missing; } ||
		{ echo "apt-get could not install:$missing" >&2; exit 1; }
	exit 0
fi
echo "missing Debian packages:$missing" >&2
echo "run: sudo apt-get install -y$missing" >&2
exit 1
