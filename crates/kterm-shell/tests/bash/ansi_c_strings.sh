echo $'a\tb' $'line\nnext' $'\x41\101' $'it\'s'
printf '%s\n' $'tab\there'
