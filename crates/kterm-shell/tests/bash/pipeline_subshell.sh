x=1
echo 5 | read x
echo "x=$x"
echo hi | { read y; echo "y=$y"; }
printf 'a\nb\n' | while read l; do n=$((n+1)); done; echo "n=${n:-0}"
false | true; echo $?
true | false; echo $?
