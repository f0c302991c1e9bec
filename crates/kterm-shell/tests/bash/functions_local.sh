x=global
f() { local x=local; echo "in f: $x"; g; }
g() { echo "in g: $x"; }
f
echo "after: $x"
h() { local y; y=5; echo "y=$y"; }
h; echo "y outside: [${y-unset}]"
