#!/usr/bin/env bash
# Builds Reading List for distribution, from a clean clone:
#   dist/readinglist-X.Y.Z.tar.gz            the sdist
#   dist/readinglist-X.Y.Z-py3-none-any.whl  the wheel (pip install it anywhere)
#   dist/readinglist/                        the one-folder app (PyInstaller):
#                                            run dist/readinglist/readinglist
# then checks that the app starts and imports the bundled samples.
#
#   packaging/build.sh               all of the above
#   packaging/build.sh --wheel-only  just the sdist and the wheel
#   packaging/build.sh --no-check    skip the check of the frozen app
#
# Everything is built in its own virtual environment (build/packaging-venv),
# which gets the wheel just built, so the app holds exactly what the wheel
# holds. PYTHON names the interpreter (default python3; it needs venv, and
# PyInstaller needs objdump from binutils: packaging/install-deps.sh --build).
set -euo pipefail
cd "$(dirname "$0")/.."

wheel_only=0 check=1
for arg in "$@"; do
  case "$arg" in
    --wheel-only) wheel_only=1 ;;
    --no-check) check=0 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

python="${PYTHON:-python3}"
venv=build/packaging-venv
step() { printf '==> %s\n' "$*"; }

if [ ! -x "$venv/bin/python" ]; then
  step "creating $venv"
  "$python" -m venv "$venv"
fi
step "installing the build tools"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  "build>=1.2" "pyinstaller>=6.10,<7"

step "building the sdist and the wheel into dist/"
start=$SECONDS
"$venv/bin/python" -m build --outdir dist . >build/python-build.log 2>&1 || {
  cat build/python-build.log >&2
  exit 1
}
version="$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
wheel="dist/readinglist-$version-py3-none-any.whl"
ls -l "dist/readinglist-$version.tar.gz" "$wheel"
echo "($((SECONDS - start)) s)"
if [ "$wheel_only" = 1 ]; then
  exit 0
fi

step "installing the wheel into $venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  --force-reinstall --no-deps "$wheel"

# PyInstaller warns about Windows libraries (ole32, shell32) and GTK's (the GTK
# theme plugin, left out by the spec): expected, nothing is missing.
step "freezing the app into dist/readinglist/"
start=$SECONDS
rm -rf dist/readinglist
"$venv/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller \
  packaging/pyinstaller/readinglist.spec
echo "dist/readinglist: $(du -sh dist/readinglist | cut -f1)" \
  "($((SECONDS - start)) s)"

if [ "$check" = 1 ]; then
  step "checking the frozen app"
  library="$(mktemp -d)"
  trap 'rm -rf "$library"' EXIT
  export QT_QPA_PLATFORM=offscreen
  dist/readinglist/readinglist --version
  dist/readinglist/readinglist --library "$library" import --samples | tail -n 1
  dist/readinglist/readinglist --library "$library" stats
fi
