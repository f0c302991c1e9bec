set -e
check() { false; echo "after false in check"; }
if check; then echo "check true"; fi
check || true
echo end
