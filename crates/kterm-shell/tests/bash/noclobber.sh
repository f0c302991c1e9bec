echo first > nc.txt
set -C
echo second > nc.txt
echo "st=$?"
echo third >| nc.txt
cat nc.txt
