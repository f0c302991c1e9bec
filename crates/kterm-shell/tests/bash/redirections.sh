echo out > f1
echo more >> f1
cat f1
cat missing 2> err.txt; echo "st=$?"; cat err.txt
{ echo to-out; echo to-err >&2; } > both.txt 2>&1
cat both.txt
echo x &> amp.txt; cat amp.txt
cat < f1 > f2; cat f2
echo "$(< f1)"
