p=/usr/local/lib/file.tar.gz
echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*}
echo ${p#nomatch} ${p%/*}
f=archive.tar.gz; echo "${f%.gz}" "${f%%.*}" "${f#*.}"
