#!/bin/sh
# Install Equity Cohort for you alone (no administrator rights needed):
#
#     ./install.sh              install, or update an earlier install
#     ./install.sh --uninstall  remove the app (your workspaces stay where they are)
#
# The app goes to ~/.local/lib/equitycohort, a menu entry and the icon to
# ~/.local/share, and `equitycohort` to ~/.local/bin. Double-clicking a .ecw
# workspace then opens it in Equity Cohort.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app="$HOME/.local/lib/equitycohort"
bin="$HOME/.local/bin"
mime_type="application/x-equitycohort-workspace"
mime_icon="application-x-equitycohort-workspace"

refresh() {
    # Tell the desktop about the change; each tool is optional.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache --quiet --force "$data/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app"
    if [ -L "$bin/equitycohort" ]; then rm -f "$bin/equitycohort"; fi
    rm -f "$data/applications/equitycohort.desktop" "$data/mime/packages/equitycohort.xml"
    for icon in "$data"/icons/hicolor/*/apps/equitycohort.* "$data"/icons/hicolor/*/mimetypes/"$mime_icon".*; do
        rm -f "$icon"
    done
    refresh
    echo "Equity Cohort is uninstalled. Your workspaces, backups and settings were not touched."
    exit 0
elif [ -n "${1:-}" ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

case "$app" in
    *'"'* | *'`'* | *'$'* | *\\* | *'%'*)
        echo "install.sh: cannot install under $app: a menu entry cannot name that folder" >&2
        exit 1 ;;
esac

# the app: copied beside the old one, then swapped in, so a failed copy leaves the old one working
mkdir -p "$(dirname "$app")"
rm -rf "$app.new"
cp -R "$here/equitycohort" "$app.new"
cp "$here/install.sh" "$app.new/install.sh"  # so that it can be uninstalled after this folder is gone
rm -rf "$app"
mv "$app.new" "$app"

mkdir -p "$bin"
ln -sf "$app/equitycohort" "$bin/equitycohort"

mkdir -p "$data/applications" "$data/mime/packages" "$data/icons/hicolor"
sed -e "s|@EXEC@|\"$app/equitycohort\"|" -e "s|@TRYEXEC@|$app/equitycohort|" \
    "$here/share/applications/equitycohort.desktop" > "$data/applications/equitycohort.desktop"
cp "$here/share/mime/packages/equitycohort.xml" "$data/mime/packages/equitycohort.xml"
cp -R "$here/share/icons/hicolor/." "$data/icons/hicolor/"
refresh
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default equitycohort.desktop "$mime_type" >/dev/null 2>&1 || true
fi

echo "Equity Cohort is installed: find it among your applications, or double-click a .ecw workspace."
echo "  app:        $app"
echo "  command:    $bin/equitycohort"
echo "  workspaces: ${XDG_DATA_HOME:-$HOME/.local/share}/EquityCohort (unless you save them elsewhere)"
echo "To remove it: $app/install.sh --uninstall"
