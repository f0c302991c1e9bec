unset u; e=""; v=val
echo ${u-d1} ${u:-d2} ${e-d3} ${e:-d4} ${v:-d5}
echo ${u+p1} ${e+p2} ${e:+p3} ${v:+p4}
echo ${n:=assigned} $n
echo "${u:-a b}" ${u:-"c d"}
