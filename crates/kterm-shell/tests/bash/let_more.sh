let x=5 y=x*2; echo $x $y
let "z = y / 3"; echo $z
let 0; echo "st=$?"
let 1; echo "st=$?"
let
echo "st=$?"
