#!/usr/bin/env bash
# Packages CacheScope: a Release build of the application targets only (cachescope,
# cachescope-cli; no tests) in build-release/ (or $CACHESCOPE_RELEASE_DIR), then CPack makes
# build-release/cachescope_<version>_<arch>.deb and cachescope-<version>-Linux.tar.gz.
#   installers/package.sh                  build and package
#   installers/package.sh --install-check  and then install the .deb with apt-get (as CI does),
#                                          run the installed cachescope-cli --version and an
#                                          offscreen start of the installed GUI that quits by itself
# ccache keeps repeated runs fast. --install-check changes the system (installs the package):
# meant for CI machines and throw-away containers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CACHESCOPE_RELEASE_DIR:-$root/build-release}
build_type=${CACHESCOPE_PACKAGE_BUILD_TYPE:-Release}
check=0
for arg in "$@"; do
    case $arg in
        --install-check) check=1 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "package.sh: unknown argument '$arg' (known: --install-check)" >&2; exit 2 ;;
    esac
done
start=$(date +%s)

extra=()
if command -v ccache >/dev/null; then
    extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
[ "${CI:-}" = "true" ] && extra+=(-DCACHESCOPE_WERROR=ON)
# Release at -O2, as Debian builds its packages (CMake's default -O3 compiles slower for nothing
# a cache browser would notice).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DCACHESCOPE_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DCACHESCOPE_FUZZ=OFF "${extra[@]}" >/dev/null
cmake --build "$build" -j"${CACHESCOPE_JOBS:-$(nproc)}" --target cachescope cachescope-cli
rm -f "$build"/cachescope_*.deb "$build"/cachescope-*.tar.gz
(cd "$build" && cpack -G "DEB;TGZ" >/dev/null)
deb=$(ls "$build"/cachescope_*.deb)
echo "package: $deb"
ls "$build"/cachescope-*.tar.gz | sed 's/^/package: /'
dpkg-deb --field "$deb" Depends | sed 's/^/package: Depends: /'

if [ $check -eq 1 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "package.sh: --install-check needs root or sudo" >&2; exit 1; }
        sudo=sudo
    fi
    # apt-get resolves the Depends line against the archive, as a user's install would.
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --reinstall "$deb" >/dev/null
    fail() { echo "install check: $*" >&2; exit 1; }
    for f in /usr/bin/cachescope /usr/bin/cachescope-cli \
             /usr/share/applications/org.cachescope.CacheScope.desktop \
             /usr/share/metainfo/org.cachescope.CacheScope.metainfo.xml \
             /usr/share/icons/hicolor/scalable/apps/cachescope.svg \
             /usr/share/icons/hicolor/16x16/apps/cachescope.png \
             /usr/share/icons/hicolor/512x512/apps/cachescope.png; do
        [ -e "$f" ] || fail "$f is not installed"
    done
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net /usr/share/metainfo/org.cachescope.CacheScope.metainfo.xml >/dev/null ||
            fail "AppStream metainfo does not validate"
    fi
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate /usr/share/applications/org.cachescope.CacheScope.desktop ||
            fail ".desktop file does not validate"
    fi
    /usr/bin/cachescope-cli --version
    /usr/bin/cachescope-cli --version | grep -q '^cachescope-cli ' || fail "cachescope-cli --version printed no version"
    /usr/bin/cachescope --version | grep -q '^CacheScope ' || fail "cachescope --version printed no version"
    # The installed GUI, offscreen, with its own empty settings: it must start, show its
    # window (the welcome screen) and quit by itself with status 0.
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    set +e
    QT_QPA_PLATFORM=offscreen CACHESCOPE_CONFIG_DIR="$scratch" CACHESCOPE_NO_KEYCHAIN=1 \
        XDG_RUNTIME_DIR="$scratch" timeout 60 /usr/bin/cachescope --quit-after 1500
    status=$?
    set -e
    [ $status -eq 0 ] || fail "the installed cachescope exited with status $status"
    echo "install check: cachescope and cachescope-cli installed from $(basename "$deb") and ran (GUI exit 0)"
fi
echo "package.sh: done in $(( $(date +%s) - start )) s"
