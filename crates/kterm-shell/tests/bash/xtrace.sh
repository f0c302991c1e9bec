set -x
echo hello "a b"
x=5
set +x
echo quiet
