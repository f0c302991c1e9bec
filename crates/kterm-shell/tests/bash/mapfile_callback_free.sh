printf 'a b\nc d\n' > f
mapfile arr < f
printf '<%s>' "${arr[@]}"; echo
mapfile -s 1 -t skip < f; echo "${skip[@]}"
