greet() { echo "hello $1"; }
function shout { echo "HEY $*"; }
greet world
shout a b
f() { return 3; }; f; echo "ret $?"
g() { echo "args: $#"; shift; echo "now: $@"; }
g 1 2 3
