x=outer
(x=inner; echo "in: $x"; cd /; pwd)
echo "out: $x"
here=$PWD; (cd /tmp; [ "$PWD" = /tmp ] && echo moved); [ "$PWD" = "$here" ] && echo back
(exit 3); echo "status $?"
( set -e; false; echo not-here ); echo "after $?"
