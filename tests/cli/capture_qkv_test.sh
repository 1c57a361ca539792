#!/bin/sh
# tools/capture_qkv.py --example, then attnscope eval on the folder it wrote. Exits 77 (ctest's
# SKIP_RETURN_CODE: reported as skipped, never as passed) when Python has no torch or numpy.
# Usage: capture_qkv_test.sh PYTHON SCRIPT ATTNSCOPE
set -u
python=$1 script=$2 attnscope=$3
if ! "$python" -c "import torch, numpy" >/dev/null 2>&1; then
    echo "skipped: $python cannot import torch and numpy (Debian: apt install python3-torch python3-numpy)"
    exit 77
fi
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
"$python" "$script" --example --out "$dir" || { echo "capture_qkv.py --example failed"; exit 1; }
for file in q.npy k.npy v.npy tokens.txt; do
    [ -s "$dir/$file" ] || { echo "capture_qkv.py wrote no $file"; exit 1; }
done
"$attnscope" eval --method softmax --heads 4 --qkv "$dir" || { echo "attnscope eval --qkv failed"; exit 1; }
