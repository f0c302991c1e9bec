printf '%d\n' abc
echo "st=$?"
printf '%d\n' 12abc
printf '%z\n' x
echo "st=$?"
