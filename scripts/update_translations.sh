#!/usr/bin/env bash
# Re-extracts the UI strings of gui/ and the core's message templates (core/messages.py, core/modelmessages.py,
# core/archmessages.py) into the .ts sources and compiles them into the .qm files the app loads (gui/i18n.py). Run it after adding or changing a tr() string, translate the new
# entries (Qt Linguist: `linguist gui/translations/tonguelens_zh_CN.ts`, or edit the XML), then
# run it again and commit both the .ts and the .qm: the app never needs lrelease at run time.
#
#   scripts/update_translations.sh            # extract + compile
#
# Needs pylupdate5 (PyQt5, in .venv) and lrelease (Debian/Ubuntu: apt-get install qttools5-dev-tools).
# Translations already made are kept; strings removed from the code are dropped (-noobsolete).
# tests/test_gui_i18n.py and tests/test_gui_core_text.py fail while any entry is left untranslated.
set -euo pipefail

cd "$(dirname "$0")/.."
PYLUPDATE="${PYLUPDATE:-.venv/bin/pylupdate5}"
LRELEASE="${LRELEASE:-}"
if [[ -z "$LRELEASE" ]]; then
    for candidate in /usr/lib/qt5/bin/lrelease /usr/lib/x86_64-linux-gnu/qt5/bin/lrelease lrelease-qt5 lrelease; do
        if command -v "$candidate" >/dev/null 2>&1; then LRELEASE="$candidate"; break; fi
    done
fi
if [[ -z "$LRELEASE" ]]; then
    echo "lrelease not found: install qttools5-dev-tools, or set LRELEASE=/path/to/lrelease" >&2
    exit 1
fi

for ts in gui/translations/tonguelens_*.ts; do
    "$PYLUPDATE" -noobsolete gui/*.py gui/widgets/*.py core/messages.py core/modelmessages.py core/archmessages.py \
        -ts "$ts"
    "$LRELEASE" -silent "$ts" -qm "${ts%.ts}.qm"
    unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
    echo "$ts: $(grep -c '<message' "$ts") strings, $unfinished untranslated"
done
