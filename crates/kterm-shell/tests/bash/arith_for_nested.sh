for ((i=1; i<=3; i++)); do
  for ((j=1; j<=i; j++)); do printf '*'; done
  echo
done
for ((i=0, j=10; i<j; i+=3, j-=3)); do echo "$i $j"; done
