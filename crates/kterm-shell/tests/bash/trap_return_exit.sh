f() { trap 'echo "leaving f"' RETURN; echo "in f"; }
f
trap - RETURN
trap 'echo "exit status $?"' EXIT
trap -p EXIT
false
