{ echo one; echo two; } > out.txt
cat out.txt
{ echo err >&2; } 2>&1 | cat
for i in 1 2; do echo line$i; done > loop.txt
cat loop.txt
while read l; do echo "got $l"; done < loop.txt
