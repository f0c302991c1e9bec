cat > data.csv <<EOF
alice,30,paris
bob,25,rome
EOF
while IFS=, read -r name age city; do
  echo "$name is $age in $city"
done < data.csv
IFS=, read -r -a parts <<< "a,b,,d"; echo ${#parts[@]} "${parts[2]}"
