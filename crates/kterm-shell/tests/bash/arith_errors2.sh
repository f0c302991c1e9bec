x=$((2+))
echo "x=$x"
