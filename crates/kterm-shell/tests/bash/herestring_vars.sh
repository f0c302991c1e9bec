v="hello world"
read a b <<< "$v"; echo "$b $a"
wc -w <<< "$v"
cat <<< $v
