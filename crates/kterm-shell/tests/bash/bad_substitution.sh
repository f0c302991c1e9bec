echo start
echo ${x!}
echo "not printed"
echo next-line
