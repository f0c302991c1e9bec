RANDOM=1; a=$RANDOM; b=$RANDOM
RANDOM=1; [ $a = $RANDOM ] && [ $b = $RANDOM ] && echo same-sequence
echo $(( RANDOM >= 0 && RANDOM < 32768 ))
