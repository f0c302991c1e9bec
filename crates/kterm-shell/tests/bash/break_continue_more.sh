i=0
while true; do
  i=$((i+1))
  [ $i -eq 2 ] && continue
  [ $i -ge 4 ] && break
  echo $i
done
until false; do break; done; echo "until broke"
for a in 1 2; do while true; do break 2; done; echo never; done; echo out
continue 2>&1
echo "st=$?"
