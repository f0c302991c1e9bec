i=5
until (( i == 0 )); do printf '%d ' $i; ((i--)); done; echo
