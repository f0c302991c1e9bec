s=$SECONDS
[ "$s" -ge 0 ] && echo ok
SECONDS=100; [ $SECONDS -ge 100 ] && echo reset
