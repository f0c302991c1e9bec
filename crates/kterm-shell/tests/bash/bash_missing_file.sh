bash nosuch.sh
echo "st=$?"
