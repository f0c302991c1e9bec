exec > out.log
echo one
echo two
exec 1>&2
echo three
cat out.log
