x=5; y=
if [ -n "$x" ] && [ -z "$y" ]; then echo "x set, y empty"; fi
if [ "$x" -gt 3 -a "$x" -lt 10 ]; then echo "in range"; fi
[[ $x -eq 5 ]] && [[ -z $y ]] && echo double
if test "$x" = 5 || false; then echo "or works"; fi
