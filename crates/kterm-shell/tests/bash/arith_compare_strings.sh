a=abc
(( a == 0 )) && echo "unset-like zero"
b=7; c=b; echo $(( c + 1 ))
echo $(( 3 - -2 )) $(( - 3 ))
