echo start
true &
wait
echo done
