set -e
true
false || echo "handled"
if false; then :; fi
echo before
false
echo after
