set -- a "" "c d"
printf '[%s]' "$@"; echo
printf '[%s]' $@; echo
printf '[%s]' "$*"; echo
printf '[%s]' "x$@y"; echo
set --
printf '[%s]' "$@"; echo "count=$#"
printf '[%s]' "x$@y"; echo
