for i in 1 2 3; do echo "i=$i"; done
for w in "a b" c; do echo "[$w]"; done
for f in; do echo never; done
echo done $i
