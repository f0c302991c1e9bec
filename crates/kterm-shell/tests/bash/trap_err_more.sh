trap 'echo "ERR at $LINENO"' ERR
false
if false; then :; fi
false || true
f() { return 2; }; f
echo done
