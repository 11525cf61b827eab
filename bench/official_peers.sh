#!/usr/bin/env bash
# Convert samples/official-notice.md with the two official-document peers on PyPI, as their
# docs tell a user to, render their DOCX with LibreOffice, and measure everything with
# bench/gbt9704.py. Writes build products only under $OUT (default out/official-peers/, which
# git ignores); docs/official-peers.md is written by hand from $OUT/*.md.
#
#   bash bench/official_peers.sh            # VENV=/work/venv-peers OUT=out/official-peers
#
# Needs python3 (venv), LibreOffice (soffice), poppler-utils (pdftoppm, pdffonts) and, for the
# --font-aliases renders, fonts-noto-cjk and fonts-lxgw-wenkai.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-/work/venv-peers}
OUT=${OUT:-$ROOT/out/official-peers}
NOTICE=$ROOT/samples/official-notice.md
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# 1. The peers, in a venv of their own (never the project's environment).
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q 'gongwen-skill==2.15.0' 'cn-gov-docx==0.2.1' python-docx pdfplumber
PY=$VENV/bin/python
"$VENV/bin/pip" list 2>/dev/null | grep -Ei '^(gongwen-skill|cn-gov-docx|python-docx|pdfplumber) ' > "$OUT/versions.txt"
soffice --version >> "$OUT/versions.txt" 2>/dev/null || true
date -u +%Y-%m-%dT%H:%M:%SZ >> "$OUT/versions.txt"

# gongwen-skill keeps logs, rules and hand-off notes under ~/.gongwen-skill: give it a scratch HOME.
export HOME=$OUT/home
mkdir -p "$HOME"
cd "$OUT"

# 2a. gongwen-skill 2.15: its README's 路径 C — `draft` (md2docx + optimize + check) on a
# Markdown draft with its own front matter keys (recipients, signer = 落款, date, doc_type) and
# `#` headings, then `header`, `footer` and `pagenum` with their documented defaults.
# --no-ai-declaration: otherwise it appends "内容由GongWen-skill-AI生成，仅供参考" to the notice.
"$PY" "$ROOT/bench/official_peer_inputs.py" gongwen-md "$NOTICE" gongwen-input.md
mapfile -t A < <("$PY" "$ROOT/bench/official_peer_inputs.py" gongwen-args "$NOTICE")
# A: issuer, number, signer(签发人), cc, printer, print_date, attachments (\x1f-separated), note
IFS=$'\x1f' read -r -a ATTS <<< "${A[6]}"
G=$VENV/bin/gongwen
"$G" --version
"$G" draft gongwen-input.md -o gongwen-draft.docx -t notice --attachments "${ATTS[@]}" \
  --no-ai-declaration > gongwen-draft.log 2>&1
"$G" header gongwen-draft.docx -o gongwen-header.docx --org-name "${A[0]}" --doc-number "${A[1]}" \
  ${A[2]:+--signer "${A[2]}"}
"$G" footer gongwen-header.docx -o gongwen-footer.docx --cc "${A[3]}" --printer "${A[4]}" \
  --print-date "${A[5]}"
"$G" pagenum gongwen-footer.docx -o gongwen-skill.docx
rm -f gongwen-draft.docx gongwen-header.docx gongwen-footer.docx

# 2b. cn-gov-docx 0.2.1: a Python API only (no CLI, no Markdown): its README's calls.
"$PY" "$ROOT/bench/official_peer_inputs.py" cngov "$NOTICE" cn-gov-docx.docx

# 2c. The hand-built control that should meet every point (its 版记 placed after one render).
"$PY" "$ROOT/bench/gbt9704_reference.py" "$NOTICE" reference.docx auto

# 3. Measure: the DOCX as written, LibreOffice's PDF with the fonts this machine has, and the
# PDF with the 公文 font names mapped to free faces (layout as a user with the fonts would see).
for d in gongwen-skill cn-gov-docx reference; do
  "$PY" "$ROOT/bench/gbt9704.py" "$d.docx" --render --render-dir pdf-plain \
    --md "$d.plain.md" --json "$d.plain.json" --title "$d (LibreOffice, this machine's fonts)"
  "$PY" "$ROOT/bench/gbt9704.py" "$d.docx" --render --render-dir pdf-alias --font-aliases \
    --md "$d.md" --json "$d.json" --title "$d (LibreOffice, 公文 font names mapped to free faces)"
  mkdir -p png
  pdftoppm -r 60 -png "pdf-alias/$d.pdf" "png/$d"
  pdftoppm -r 60 -png "pdf-plain/$d.pdf" "png/$d.plain"
done
ls -1 "$OUT"/*.md "$OUT"/png | head -40
