set -e
f() { echo start; false; echo "still here"; }
f && echo "f&&: set -e ignored inside"
out=$(echo in-subst; false; echo after-false)
echo "out=$out"
