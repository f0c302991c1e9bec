echo a | grep -q b; echo $?
! echo a | grep -q b; echo $?
echo abc | { read x; echo "[$x]"; } | cat
cat nonexist 2>&1 | wc -l
