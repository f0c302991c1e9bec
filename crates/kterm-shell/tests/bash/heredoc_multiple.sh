cat <<ONE; cat <<TWO
first
ONE
second
TWO
