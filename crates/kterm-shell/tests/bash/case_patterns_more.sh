for v in 1 12 a1 "x y" foo.txt FOO; do
case "$v" in
  [0-9]) echo "$v: one digit";;
  [0-9][0-9]) echo "$v: two digits";;
  *[0-9]*) echo "$v: has digit";;
  *" "*) echo "$v: has space";;
  *.txt|*.log) echo "$v: text";;
  [[:upper:]]*) echo "$v: upper";;
esac
done
case x in
esac
echo "empty case $?"
