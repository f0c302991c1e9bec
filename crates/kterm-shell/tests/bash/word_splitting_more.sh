v="  a  b  "
echo [$v] ["$v"]
set -- $v; echo $#
e=""; set -- $e; echo $#
set -- "$e"; echo $#
w="x*"; touch x1 x2; echo $w "$w"
IFS=,; l="a,b c,d"; for i in $l; do echo "<$i>"; done
