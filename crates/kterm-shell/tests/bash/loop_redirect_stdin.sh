printf '1\n2\n3\n' > nums
while read n; do
  read m || m=none
  echo "$n $m"
done < nums
for i in 1 2; do read x; echo "got $x"; done < nums
