for p in "1 -eq 1" "2 -ne 2" "3 -lt 4" "5 -le 5" "7 -gt 8" "9 -ge 10" "-1 -lt 0"; do
  if [ $p ]; then echo "$p: true"; else echo "$p: false"; fi
done
[ 010 -eq 10 ] && echo decimal
