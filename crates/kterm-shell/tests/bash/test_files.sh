echo data > f; : > empty; mkdir dir
for t in -e -f -d -s -r -w; do
  for p in f empty dir missing; do
    if [ $t $p ]; then echo "$t $p yes"; else echo "$t $p no"; fi
  done
done
