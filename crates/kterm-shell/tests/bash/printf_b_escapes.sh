printf '%b' 'a\nb\n'
printf '%b\n' '\x41\0102\u00e9'
printf '%b|' 'stop\chere' after; echo
printf 'fmt\x41\101\n'
printf '%s\n' '\n not escaped'
