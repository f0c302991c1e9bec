echo a &
wait
echo "st=$?"
x=1 &
echo "x=[${x-}]"
