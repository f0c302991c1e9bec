printf 'a\nb\nc\n' > in.txt
exec < in.txt
read x; read y
echo "$x $y"
while read z; do echo "z=$z"; done
