text="the cat and the hat and the bat"
declare -A freq
for w in $text; do (( freq[$w]++ )); done
for w in the and cat; do echo "$w=${freq[$w]}"; done
