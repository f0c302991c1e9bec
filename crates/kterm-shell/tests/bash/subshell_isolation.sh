x=outer
(x=inner; echo "in: $x"; cd /; pwd)
echo "out: $x"
pwd | grep -c user >/dev/null || echo moved
(exit 3); echo "status $?"
( set -e; false; echo not-here ); echo "after $?"
