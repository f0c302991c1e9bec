set -- outer1 outer2
f() { set -- inner; echo "in: $*"; }
f x y
echo "out: $*"
g() { shift; echo "g: $*"; }; g a b c; echo "still: $*"
