f() { echo f; }
f
unset -f f
f
x=1; unset x; echo "[${x-unset}]"
