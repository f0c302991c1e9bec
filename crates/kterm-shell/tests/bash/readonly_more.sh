readonly A=1 B
B=2
echo "[$B]"
readonly -p | grep -E ' (A|B)(=|$)'
declare -r C=3; C=4
echo next
