s="hello world"
echo "${s^^[aeiou]}" "${s,,[L]}"
w=WORD; echo "${w,}" "${w~}" 2>/dev/null || true
