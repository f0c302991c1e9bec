read a b c <<< "one"
echo "[$a][$b][$c]"
read a b <<< "  lead   trail  "
echo "[$a][$b]"
IFS=: read x y <<< "1:2:3:"
echo "[$x][$y]"
read -r line <<< 'back\slash'; echo "$line"
read line <<< 'back\slash'; echo "$line"
printf 'no newline' | { read v; echo "st=$? v=$v"; }
