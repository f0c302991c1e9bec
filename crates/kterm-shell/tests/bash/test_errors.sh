[ 1 -eq a ]
echo "st=$?"
[ a b ]
echo "st=$?"
[ -z
echo "st=$?"
