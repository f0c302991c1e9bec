echo "open
echo still
