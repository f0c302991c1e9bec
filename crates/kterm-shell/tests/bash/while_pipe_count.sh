printf 'x\ny\nz\n' > items
n=0
while read -r it; do n=$((n+1)); done < items
echo "counted $n"
cat items | while read -r it; do echo "item:$it"; done
