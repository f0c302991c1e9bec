x=3
(( x > 2 )) && echo gt
(( x == 0 )) || echo nonzero
(( y = x * 2 )); echo $y
((z++)); echo "z=$z status"; (( 0 )); echo $?
let "a = 4 + 5" b=2; echo $a $b
