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
for file in q.npy k.npy v.npy tokens.txt heads.txt; do
    [ -s "$dir/$file" ] || { echo "capture_qkv.py wrote no $file"; exit 1; }
done
[ "$(cat "$dir/heads.txt")" = 4 ] || { echo "heads.txt holds '$(cat "$dir/heads.txt")', not the example's 4 heads"; exit 1; }
# Without --heads, eval splits d into heads.txt's 4 heads: head 3 exists.
"$attnscope" eval --method softmax --head 3 --qkv "$dir" || { echo "attnscope eval --qkv did not take heads.txt's 4 heads"; exit 1; }
# --heads still wins over heads.txt.
if "$attnscope" eval --method softmax --heads 1 --head 3 --qkv "$dir" >/dev/null 2>&1; then
    echo "--heads 1 did not win over heads.txt"; exit 1
fi
echo 0 > "$dir/heads.txt"
if "$attnscope" eval --method softmax --qkv "$dir" >/dev/null 2>"$dir/err"; then
    echo "a heads.txt of 0 was accepted"; exit 1
fi
grep -q "heads.txt" "$dir/err" || { echo "the heads.txt error does not name the file: $(cat "$dir/err")"; exit 1; }
