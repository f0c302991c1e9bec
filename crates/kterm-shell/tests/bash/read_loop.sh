printf 'one\ntwo words\nthree' > in.txt
while read -r line; do echo "[$line]"; done < in.txt
while IFS= read -r l; do echo "<$l>"; done <<EOF
  spaced  
last
EOF
read a b <<< "first second third"; echo "$a|$b"
