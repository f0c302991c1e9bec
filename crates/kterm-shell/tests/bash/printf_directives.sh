printf '%s|%5s|%-5s|%.2s\n' abc abc abc abc
printf '%d|%5d|%-5d|%05d|%+d\n' 42 42 42 42 42
printf '%x %X %o %#x %#o\n' 255 255 8 255 8
printf '%f %.2f %e %g %g\n' 3.14159 2.5 12345.678 0.0001 123456789
printf '%c%c\n' abc d
printf '%b\n' 'a\tb\\n' 'x\0101'
printf '%q\n' "a b" "it's" ''
printf '%s\n' a b c
printf '%s=%s\n' k1 v1 k2
printf 'no newline'; echo
printf '%%|%5.1f%%\n' 99.5
