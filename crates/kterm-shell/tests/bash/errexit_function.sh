set -e
f() { false; echo "not printed"; }
f || echo "f failed (ignored in ||)"
g() { echo in-g; false; }
g
echo unreachable
