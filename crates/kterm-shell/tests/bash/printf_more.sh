printf '%s\n' "$(printf '%03d' 7)"
printf '[%*d]\n' 5 42
printf '[%-*s]\n' 6 ab
printf '[%.*f]\n' 2 3.14159
printf '%d %s\n' 1 a 2 b 3
printf '%5.1e\n' 12345
printf '%G %E\n' 0.00001234 12345.6789
printf '%#o %#X\n' 8 255
printf '%i\n' 0x1f
printf '%s\n'
printf 'plain\n'
printf '%c' A B C; echo
