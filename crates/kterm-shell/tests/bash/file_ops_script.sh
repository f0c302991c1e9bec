mkdir -p work/sub
echo a > work/one.txt
echo b > work/two.txt
for f in work/*.txt; do echo "$f: $(cat "$f")"; done
cp work/one.txt work/sub/
ls work/sub
rm work/two.txt
[ -e work/two.txt ] || echo removed
