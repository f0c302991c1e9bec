f() { echo "$#:${1-unset}:${2-unset}"; }
f
f ""
f "" ""
f a "b c"
set -- 1 2 3 4 5 6 7 8 9 10 11
echo $10 ${10} ${11}
