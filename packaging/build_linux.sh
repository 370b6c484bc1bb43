#!/usr/bin/env bash
# Build the Linux bundle and its .tar.gz, then smoke-test it as a facilitator's
# machine would run it. .ci/run calls this after the tests.
#
#     packaging/build_linux.sh
#
# Makes dist/equitycohort/ (the one-folder bundle) and
# dist/equitycohort-VERSION-linux-ARCH.tar.gz (the bundle, a menu entry, the
# icons, the .ecw file type and install.sh). The smoke test unpacks the archive
# into a new temporary folder and runs the bundle there with an environment
# made from nothing (env -i): a PATH with no Python on it, no virtual
# environment, HOME and EQUITYCOHORT_HOME in the temporary folder. It then
# installs the archive for a throwaway user (install.sh), checks what that
# registered, and uninstalls it; and it measures size and start-up time.
#
# Needs: python3 with venv, PyPI, tar, and the system libraries the bundle
# carries (libxcb-icccm4, libxcb-keysyms1, ...: a library missing here is
# missing from the bundle; .ci/run installs them). Xvfb, desktop-file-validate
# and update-mime-database are used when present.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)
step() { echo "== $* ($(($(date +%s) - started)) s)"; }

version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' equitycohort/__init__.py)
name="equitycohort-$version-linux-$(uname -m)"
venv=build/bundle-venv

step "virtual environment for the build: the app's dependencies and PyInstaller"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check ".[bundle]" 2>&1 | { grep -v "^WARNING: Location '" || true; }
"$venv/bin/pip" list --disable-pip-version-check 2>/dev/null | grep -i -E '^(pyinstaller|pyside6|reportlab) '

step "PyInstaller: dist/equitycohort"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist packaging/equitycohort.spec
# Every library a bundled file links to must be in the bundle, but for those a
# desktop provides (glibc, X11, fontconfig, OpenGL, Wayland's): a library this
# machine lacks (libxcb-icccm4, say) would be missing from the bundle as well.
internal="$root/dist/equitycohort/_internal"
unresolved=$(find "$internal" -name '*.so*' -type f -print0 \
    | LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" xargs -0 ldd 2>/dev/null \
    | grep 'not found' | grep -v 'libwayland-' | sort -u || true)
if [ -n "$unresolved" ]; then
    echo "the bundle lacks libraries its files need (install their Debian packages and build again):" >&2
    echo "$unresolved" >&2
    exit 1
fi

step "archive: dist/$name.tar.gz"
stage="build/linux-stage/$name"
rm -rf build/linux-stage
mkdir -p "$stage/share/applications" "$stage/share/mime/packages"
cp -a dist/equitycohort "$stage/equitycohort"
cp packaging/linux/install.sh "$stage/install.sh"
cp packaging/linux/equitycohort.desktop "$stage/share/applications/"
cp packaging/linux/equitycohort.xml "$stage/share/mime/packages/"
for size in 16 24 32 48 64 128 256 512; do
    for kind in apps mimetypes; do mkdir -p "$stage/share/icons/hicolor/${size}x$size/$kind"; done
    cp "resources/icons/equitycohort-$size.png" "$stage/share/icons/hicolor/${size}x$size/apps/equitycohort.png"
    cp "resources/icons/equitycohort-$size.png" \
        "$stage/share/icons/hicolor/${size}x$size/mimetypes/application-x-equitycohort-workspace.png"
done
mkdir -p "$stage/share/icons/hicolor/scalable/apps"
cp resources/icons/equitycohort.svg "$stage/share/icons/hicolor/scalable/apps/equitycohort.svg"
cat > "$stage/README.txt" <<EOF
Equity Cohort $version for Linux (x86-64)

Install it for yourself, no administrator rights needed:

    ./install.sh

It then appears among your applications, and double-clicking a .ecw
workspace opens it. Or run it from this folder without installing:

    ./equitycohort/equitycohort

Your workspaces, backups and settings live in ~/.local/share/EquityCohort
unless you save a workspace elsewhere. To remove the app (never your
workspaces): ~/.local/lib/equitycohort/install.sh --uninstall
EOF
tar -C build/linux-stage --owner=0 --group=0 --numeric-owner --sort=name -czf "dist/$name.tar.gz" "$name"

step "smoke test in a folder with no Python on PATH"
tmp=$(mktemp -d -t equitycohort-bundle-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xzf "dist/$name.tar.gz"
bundle="$tmp/$name/equitycohort/equitycohort"
mkdir -p "$tmp/no-python-bin" "$tmp/home"
if env -i PATH="$tmp/no-python-bin" HOME="$tmp/home" /bin/sh -c 'command -v python3 || command -v python'; then
    echo "the smoke test's environment still finds a Python" >&2
    exit 1
fi
env -i PATH="$tmp/no-python-bin" HOME="$tmp/home" EQUITYCOHORT_HOME="$tmp/home/ec" "$bundle" --version
x11=()
if command -v Xvfb >/dev/null; then x11=(--x11); fi
"$venv/bin/python" packaging/smoke_test.py --cli "$bundle" "${x11[@]}"

step "install.sh for a throwaway user, then --uninstall"
user="$tmp/user"
mkdir -p "$user"
env -i PATH=/usr/bin:/bin HOME="$user" sh "$tmp/$name/install.sh"
share="$user/.local/share"
for file in "$user/.local/lib/equitycohort/equitycohort" "$user/.local/bin/equitycohort" \
            "$share/applications/equitycohort.desktop" "$share/mime/packages/equitycohort.xml" \
            "$share/icons/hicolor/48x48/apps/equitycohort.png" \
            "$share/icons/hicolor/48x48/mimetypes/application-x-equitycohort-workspace.png"; do
    [ -e "$file" ] || { echo "install.sh did not install $file" >&2; exit 1; }
done
grep -qx "Exec=\"$user/.local/lib/equitycohort/equitycohort\" %f" "$share/applications/equitycohort.desktop" \
    || { echo "the installed menu entry does not start the installed app" >&2; exit 1; }
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$share/applications/equitycohort.desktop"
fi
if command -v update-mime-database >/dev/null; then
    grep -q '^[0-9]*:application/x-equitycohort-workspace:\*\.ecw$' "$share/mime/globs2" \
        || { echo "the .ecw type is not in the user's MIME database" >&2; exit 1; }
fi
env -i PATH="$tmp/no-python-bin" HOME="$user" "$user/.local/bin/equitycohort" --version
env -i PATH=/usr/bin:/bin HOME="$user" sh "$user/.local/lib/equitycohort/install.sh" --uninstall
for file in "$user/.local/lib/equitycohort" "$user/.local/bin/equitycohort" "$share/applications/equitycohort.desktop" \
            "$share/icons/hicolor/48x48/apps/equitycohort.png"; do
    [ ! -e "$file" ] || { echo "install.sh --uninstall left $file" >&2; exit 1; }
done

step "size and start-up"
dev=()
if [ -x "$root/.venv/bin/python" ]; then dev=(--dev "$root/.venv/bin/python"); fi
"$venv/bin/python" packaging/measure.py --bundle "$bundle" --archive "dist/$name.tar.gz" "${dev[@]}"
step "done: dist/$name.tar.gz"
