set -- one "two three" four
for a; do echo "<$a>"; done
for a do echo "{$a}"; done
