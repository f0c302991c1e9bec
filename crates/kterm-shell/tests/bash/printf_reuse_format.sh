printf '%s-%s\n' a b c d e
printf '%d,' 1 2 3; echo
printf '%s %s %s\n' x
