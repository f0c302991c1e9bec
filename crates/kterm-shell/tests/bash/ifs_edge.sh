IFS=" "; a=" x  y "; set -- $a; echo $#
IFS=$' \t\n'; b=$'x\ty\nz'; set -- $b; echo $#
IFS=:; c="::"; set -- $c; echo $#
IFS=:; d=":a"; set -- $d; echo "$#:[$1]"
unset IFS
