#!/usr/bin/env bash
# Installs Reading List's desktop integration: the menu entry, the AppStream
# metainfo, the icon in every size, and the text/x-bibtex type for .bib files
# where the system's MIME database lacks it. Optionally also installs the
# one-folder app built by packaging/build.sh.
#
#   packaging/linux/install.sh --user                 # into ~/.local
#   packaging/linux/install.sh --user --bundle dist/readinglist
#   sudo packaging/linux/install.sh --prefix /usr/local
#   packaging/linux/install.sh --prefix "$pkgdir/usr" --no-refresh   # staging
#   packaging/linux/install.sh --user --uninstall
#
# The menu entry runs the `readinglist` command by its absolute path (menus
# often start programs without ~/.local/bin or a venv on PATH): the installed
# bundle's, else --exec PATH, else `readinglist` found on PATH, else this
# clone's .venv/bin/readinglist.
set -euo pipefail

app_id=io.github.readinglist.ReadingList
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

prefix="" share="" bundle="" exec_path="" refresh=1 uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --user)
      prefix="$HOME/.local"
      share="${XDG_DATA_HOME:-$HOME/.local/share}"
      ;;
    --prefix) prefix="${2:?--prefix needs a folder}"; shift ;;
    --prefix=*) prefix="${1#*=}" ;;
    --bundle) bundle="${2:?--bundle needs the folder packaging/build.sh made}"; shift ;;
    --bundle=*) bundle="${1#*=}" ;;
    --exec) exec_path="${2:?--exec needs the path of the readinglist command}"; shift ;;
    --exec=*) exec_path="${1#*=}" ;;
    --no-refresh) refresh=0 ;;
    --uninstall) uninstall=1 ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 2 >&2 ;;
  esac
  shift
done
if [ -z "$prefix" ]; then
  echo "install.sh: say where: --user, or --prefix DIR" >&2
  exit 2
fi
prefix="$(mkdir -p "$prefix" && cd "$prefix" && pwd)"
share="${share:-$prefix/share}"
bindir="$prefix/bin"
libdir="$prefix/lib/readinglist"
icons="$share/icons/hicolor"
sizes=(48 64 128 256)

installed_files=(
  "$share/applications/$app_id.desktop"
  "$share/metainfo/$app_id.metainfo.xml"
  "$share/mime/packages/$app_id.xml"
  "$icons/scalable/apps/$app_id.svg"
)
for size in "${sizes[@]}"; do
  installed_files+=("$icons/${size}x${size}/apps/$app_id.png")
done

refresh_caches() {
  [ "$refresh" = 1 ] || return 0
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$share/applications" || true
  fi
  if command -v update-mime-database >/dev/null && [ -d "$share/mime/packages" ]; then
    update-mime-database "$share/mime" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$icons/index.theme" ]; then
    gtk-update-icon-cache -q -t "$icons" || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "${installed_files[@]}"
  if [ -L "$bindir/readinglist" ] \
    && [ "$(readlink "$bindir/readinglist")" = "$libdir/readinglist" ]; then
    rm -f "$bindir/readinglist"
  fi
  rm -rf "$libdir"
  refresh_caches
  echo "removed Reading List's desktop files from $share"
  exit 0
fi

# The command the menu entry runs.
if [ -n "$bundle" ]; then
  if [ ! -x "$bundle/readinglist" ]; then
    echo "install.sh: $bundle/readinglist is missing; run packaging/build.sh" >&2
    exit 2
  fi
  rm -rf "$libdir"
  mkdir -p "$libdir" "$bindir"
  cp -a "$bundle/." "$libdir/"
  ln -sfn "$libdir/readinglist" "$bindir/readinglist"
  exec_path="$bindir/readinglist"
elif [ -z "$exec_path" ]; then
  exec_path="$(command -v readinglist || true)"
  if [ -z "$exec_path" ] && [ -x "$root/.venv/bin/readinglist" ]; then
    exec_path="$root/.venv/bin/readinglist"
  fi
  if [ -z "$exec_path" ]; then
    echo "install.sh: no readinglist command found; install the app first," >&2
    echo "or name it with --exec PATH, or use --bundle dist/readinglist" >&2
    exit 2
  fi
fi
case "$exec_path" in
  /*) ;;
  *) exec_path="$(cd "$(dirname "$exec_path")" && pwd)/$(basename "$exec_path")" ;;
esac

# A desktop entry's Exec quotes a path with spaces and escapes " ` $ inside
# (a backslash would need escaping twice over: such a path is refused).
case "$exec_path" in
  *\\*|*$'\n'*)
    echo "install.sh: a desktop entry cannot name $exec_path (backslash or newline)" >&2
    exit 2
    ;;
esac
quoted="$exec_path"
case "$exec_path" in
  *[[:space:]\"\`\$]*)
    quoted="$(printf '%s' "$exec_path" | sed 's/["`$]/\\&/g')"
    quoted="\"$quoted\""
    ;;
esac

install -d "$share/applications" "$share/metainfo" "$icons/scalable/apps"
while IFS= read -r line; do
  case "$line" in
    "Exec=readinglist "*) line="Exec=$quoted ${line#Exec=readinglist }" ;;
    "TryExec=readinglist") line="TryExec=$exec_path" ;;
  esac
  printf '%s\n' "$line"
done <"$here/$app_id.desktop" >"$share/applications/$app_id.desktop"
chmod 644 "$share/applications/$app_id.desktop"
install -m 644 "$here/$app_id.metainfo.xml" "$share/metainfo/$app_id.metainfo.xml"
install -m 644 "$root/resources/readinglist.svg" "$icons/scalable/apps/$app_id.svg"
for size in "${sizes[@]}"; do
  install -d "$icons/${size}x${size}/apps"
  install -m 644 "$here/icons/hicolor/${size}x${size}/apps/$app_id.png" \
    "$icons/${size}x${size}/apps/$app_id.png"
done

# Install the BibTeX type only where no MIME database on the system knows it.
bibtex_known=0
IFS=: read -r -a data_dirs <<<"${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
for dir in "${data_dirs[@]}"; do
  if [ -n "$dir" ] && [ "$dir" != "$share" ] && [ -f "$dir/mime/text/x-bibtex.xml" ]; then
    bibtex_known=1
  fi
done
if [ "$bibtex_known" = 0 ]; then
  install -d "$share/mime/packages"
  install -m 644 "$here/$app_id.mime.xml" "$share/mime/packages/$app_id.xml"
fi

refresh_caches
echo "installed Reading List's desktop files into $share (runs $exec_path)"
