v='a*b'
echo "$v"
echo $v
w='$HOME'; echo "$w" $w
x='  padded  '; echo "[$x]" [$x]
