echo $(( 08 ))
echo next1
echo $(( 2 ** -1 ))
echo next2
echo $(( 1 + ))
echo next3
(( 5 / 0 ))
echo "status $?"
