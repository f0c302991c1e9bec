x=$(echo a; exit 5; echo b)
echo "x=$x st=$?"
y=$( (exit 2) ); echo "st=$?"
