s="a:b::c"
IFS=:; set -- $s; echo $#; for x in "$@"; do echo "[$x]"; done
IFS=' :'; t=" x : y "; set -- $t; echo $#
unset IFS; u="  p   q  "; set -- $u; echo $#
IFS=; v="m n"; set -- $v; echo $#
