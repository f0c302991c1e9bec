i=0
echo $((i++)) $((i++)) $i $((++i)) $((i--)) $((--i))
a=(5); (( a[0]++ )); echo ${a[0]}
unset u; (( u++ )); echo $u
